import { loadCorpus } from './corpus.ts';
import { comparePeerCorpus, summarize } from './compare-peer.ts';
const r = comparePeerCorpus(loadCorpus());
console.log(summarize(r.comparisons), r.peerTradeCount, r.skipped.map(s => s.path));
const s = (x: string) => x.slice(0, 6);
for (const c of r.comparisons) if (c.reason) console.log(c.reason.padEnd(20), c.signature.slice(0, 10), c.path.split('/')[0]!.slice(0, 14), s(c.owner), c.venue, '| ours', c.ours ? `${s(c.ours.mintIn)}:${c.ours.amountIn}->${s(c.ours.mintOut)}:${c.ours.amountOut}` : '-', '| peer', c.peer ? `${c.peer.basis} ${s(c.peer.mintIn)}:${c.peer.amountIn}->${s(c.peer.mintOut)}:${c.peer.amountOut}` : '-');
