import { readFileSync, writeFileSync } from 'node:fs';
import { DECODER_VERSION } from '../src/decoder/decode-transaction.ts';
import { loadCorpus } from './peer/corpus.ts';
import { buildPeerReportData } from './peer/peer-report-data.ts';
import { renderPeerReport } from './peer/render-peer-report.ts';

/**
 * `npm run report:peer`: compares our decoder with solana-dex-parser and the Jupiter expected outputs on every
 * recorded transaction and rewrites docs/peer-report.md. The figures go to stderr so a run shows them at once.
 */
const target = new URL('../docs/peer-report.md', import.meta.url);
const peerPackage = JSON.parse(
  readFileSync(new URL('../node_modules/solana-dex-parser/package.json', import.meta.url), 'utf8'),
) as { version: string };

const data = buildPeerReportData(loadCorpus());
writeFileSync(target, renderPeerReport(data, { decoder: DECODER_VERSION, peer: peerPackage.version }));

const t = data.peerTally;
const j = data.jupiterTally;
process.stderr.write(
  `solana-dex-parser: ${t.agreed}/${t.total} agree, ${t.peerSide} peer-side, ${t.oursWrong} ours wrong, ${t.open} open ` +
    `→ ${(t.agreementExcludingPeerSide * 100).toFixed(1)}% excl. peer-side\n` +
    `Jupiter expected: ${j.agreed}/${j.total} agree, ${j.peerSide} peer-side, ${j.oursWrong} ours wrong, ${j.open} open\n` +
    `wrote ${target.pathname}\n`,
);
