#!/usr/bin/env python3
"""Independent hand derivation of the golden wallet (docs/golden-wallet.md).

Reads the scenario (src/simulator/scenario/golden-wallet.scenario.json) and the real Binance hourly closes, and
recomputes with exact rationals (fractions.Fraction) what the ledger and detectors must find. It shares no code
with the TypeScript analytics: it is the "by hand" side of the golden test. Writes expected.json next to itself.

    python3 test/golden/analyze-golden-wallet/derive.py [SHARED_DATA_DIR]
"""
import csv, json, os, sys
from datetime import datetime, timezone
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'shared', 'data')
CSV_DIR = os.path.join(SHARED, 'mark6-binance-hourly-closes', 'data')
SC = json.load(open(os.path.join(ROOT, 'src/simulator/scenario/golden-wallet.scenario.json')))
DAY, HOUR, WEEK = 86400, 3600, 7 * 86400
FEE_LAMPORTS = 5000
SOL = 'So11111111111111111111111111111111111111112'


def ts(iso):
    return int(datetime.strptime(iso, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=timezone.utc).timestamp())


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def dec(s):
    """Decimal text (maybe with an exponent) → exact Fraction."""
    from decimal import Decimal
    return F(Decimal(s))


def trunc18(x):
    """Truncate toward zero to 18 fractional digits, render like the TypeScript side (no trailing zeros)."""
    n = x.numerator * 10**18
    q = abs(n) // x.denominator
    sign = '-' if n < 0 and q != 0 else ''
    s = str(q).rjust(19, '0')
    whole, frac = s[:-18].lstrip('0') or '0', s[-18:].rstrip('0')
    return sign + whole + ('.' + frac if frac else '')


def scaled(x):
    """Money inside the ledger: integer × 10^-18, truncated toward zero."""
    n = x.numerator * 10**18
    return (abs(n) // x.denominator) * (1 if n >= 0 else -1)


def sstr(v):
    return trunc18(F(v, 10**18))


def round_half_up(x):
    return (x.numerator * 2 + x.denominator) // (2 * x.denominator)


tokens = {t['symbol']: t for t in SC['tokens']}
closes = {}
for t in SC['tokens']:
    if t['csv'] is None:
        continue
    series = {}
    for row in csv.DictReader(open(os.path.join(CSV_DIR, t['csv']))):
        h = int(datetime.strptime(row['open_time'], '%Y-%m-%d %H:%M:%S').replace(tzinfo=timezone.utc).timestamp())
        series[h] = (row['close'], dec(row['close']))
    closes[t['symbol']] = series


def close(sym, t):
    return closes[sym][t - t % HOUR][1]


def close_text(sym, t):
    return closes[sym][t - t % HOUR][0]


def extreme(sym, t0, t1, fn):
    """Flat 1h candles (open = high = low = close): every candle overlapping [t0, t1] counts."""
    hs = [h for h in range(t0 - t0 % HOUR, t1 + 1, HOUR) if h in closes[sym]]
    best = fn(closes[sym][h][1] for h in hs)
    return best, next(h for h in hs if closes[sym][h][1] == best)


# ---- 1. the events with their amounts -------------------------------------------------------------------
events = []
sol_bal, usdc_bal = 0, 0  # main wallet, base units
for e in SC['events']:
    t = ts(e['at'])
    ev = {'n': e['n'], 'at': e['at'], 't': t, 'kind': e['kind']}
    fee = 0
    if e['kind'] == 'sol_in':
        sol_bal += int(e['lamports']); ev['lamports'] = int(e['lamports'])
    elif e['kind'] == 'sol_out':
        fee = FEE_LAMPORTS
        amount = sol_bal - fee - int(e['keepLamports'])
        sol_bal -= amount + fee; ev['lamports'] = amount
    elif e['kind'] == 'usdc_in':
        raw = int(dec(e['usdc']) * 10**6); usdc_bal += raw; ev['usdcRaw'] = raw
    elif e['kind'] == 'usdc_out_all':
        fee = FEE_LAMPORTS; ev['usdcRaw'] = usdc_bal; usdc_bal = 0; sol_bal -= fee
    elif e['kind'] in ('buy', 'sell'):
        tok = tokens[e['token']]; sym = e['token']
        qty_raw = int(dec(e['qty']) * 10**tok['decimals'])
        fill = dec(e.get('fill', '1'))
        usd = dec(e['qty']) * close(sym, t) * fill
        ev.update(token=sym, mint=tok['mint'], decimals=tok['decimals'], qtyRaw=qty_raw, quote=e['quote'],
                  close=close_text(sym, t), fill=e.get('fill', '1'))
        if e['quote'] == 'USDC':
            q = round_half_up(usd * 10**6); ev['usdcRaw'] = q
            usdc_bal += -q if e['kind'] == 'buy' else q
            ev['quoteUsd'] = F(q, 10**6)
        else:
            lam = round_half_up(usd / close('SOL', t) * 10**9); ev['lamportsQuote'] = lam
            sol_bal += -lam if e['kind'] == 'buy' else lam
            ev['quoteUsd'] = F(lam, 10**9) * close('SOL', t); ev['solClose'] = close_text('SOL', t)
        fee = FEE_LAMPORTS; sol_bal -= fee
        assert usdc_bal >= 0 and sol_bal >= 0, e
    elif e['kind'] == 'transfer':
        tok = tokens[e['token']]
        ev.update(token=e['token'], mint=tok['mint'], decimals=tok['decimals'],
                  qtyRaw=int(dec(e['qty']) * 10**tok['decimals']), direction='out' if e['from'] == 'main' else 'in')
        if e['from'] == 'main':
            fee = FEE_LAMPORTS; sol_bal -= fee
    elif e['kind'] == 'airdrop':
        tok = tokens[e['token']]
        ev.update(token=e['token'], mint=tok['mint'], decimals=tok['decimals'],
                  qtyRaw=int(dec(e['qty']) * 10**tok['decimals']), close=close_text(e['token'], t))
    ev['feeLamports'] = fee
    ev['solAfter'] = sol_bal; ev['usdcAfter'] = usdc_bal
    events.append(ev)

# ---- 2. the FIFO ledger -----------------------------------------------------------------------------------
lots, trades, episodes, flags = [], [], [], []
book = {}  # sym -> dict(open=[lot idx], exposure, episode)


def sol_fee_usd(ev):
    return scaled(F(ev['feeLamports'], 10**9) * close('SOL', ev['t']))


def open_lot(sym, ev, qty, cost, basis):
    b = book.setdefault(sym, {'open': [], 'exp': 0, 'ep': None, 'lots': 0, 'eps': 0})
    b['exp'] += qty
    if b['ep'] is None:
        b['eps'] += 1
        episodes.append({'token': sym, 'n': b['eps'], 'openedBy': ev['n'], 'closedBy': None, 'qtyIn': 0, 'qtyOut': 0,
                         'cost': 0, 'proceeds': 0})
        b['ep'] = len(episodes) - 1
    episodes[b['ep']]['qtyIn'] += qty
    b['lots'] += 1
    lots.append({'token': sym, 'n': b['lots'], 'event': ev['n'], 'qtyRaw': qty, 'cost': cost, 'openQty': qty,
                 'openCost': cost, 'basis': basis, 'episode': episodes[b['ep']]['n'], 't': ev['t'],
                 'decimals': ev['decimals']})
    b['open'].append(len(lots) - 1)


def consume(sym, ev, qty, proceeds):
    """proceeds None → removal without PnL (linked transfer); returns the cost that left."""
    b = book[sym]; ep = episodes[b['ep']]
    remaining, left, moved = qty, proceeds, 0
    while remaining > 0:
        lot = lots[b['open'][0]]
        take = min(remaining, lot['openQty'])
        cost = lot['openCost'] if take == lot['openQty'] else lot['openCost'] * take // lot['openQty']
        lot['openCost'] -= cost; lot['openQty'] -= take
        if lot['openQty'] == 0:
            b['open'].pop(0)
        b['exp'] -= take; moved += cost
        if proceeds is not None:
            p = left if take == remaining else proceeds * take // qty
            left -= p
            trades.append({'token': sym, 'lot': lot['n'], 'lotEvent': lot['event'], 'exit': ev['n'], 'qtyRaw': take,
                           'cost': cost, 'proceeds': p, 'pnl': p - cost, 'episode': ep['n'], 't': ev['t']})
            ep['cost'] += cost; ep['proceeds'] += p
        remaining -= take
    ep['qtyOut'] += qty
    if b['exp'] == 0:
        ep['closedBy'] = ev['n']; b['ep'] = None
    return moved


for ev in events:
    k = ev['kind']
    if k == 'buy':
        cost = scaled(ev['quoteUsd']) + sol_fee_usd(ev); ev['costScaled'] = cost
        open_lot(ev['token'], ev, ev['qtyRaw'], cost, 'swap')
    elif k == 'sell':
        proceeds = scaled(ev['quoteUsd']) - sol_fee_usd(ev); ev['proceedsScaled'] = proceeds
        consume(ev['token'], ev, ev['qtyRaw'], proceeds)
    elif k == 'airdrop':
        value = ev['qtyRaw'] * scaled(dec(ev['close'])) // 10**ev['decimals']
        open_lot(ev['token'], ev, ev['qtyRaw'], value, 'airdrop')
    elif k == 'transfer' and ev['direction'] == 'out':
        moved = consume(ev['token'], ev, ev['qtyRaw'], None)
        flags.append({'code': 'linked_out', 'event': ev['n'], 'token': ev['token'], 'qtyRaw': ev['qtyRaw'], 'cost': moved})
        ev['movedCost'] = moved
    elif k == 'transfer':
        carried = next(f['cost'] for f in flags if f['code'] == 'linked_out' and f['token'] == ev['token'])
        market = ev['qtyRaw'] * scaled(close(ev['token'], ev['t'])) // 10**ev['decimals']
        ev['carriedCost'], ev['marketCost'] = carried, market
        open_lot(ev['token'], ev, ev['qtyRaw'], carried, 'linked_wallet')

# ---- 3. the detectors -------------------------------------------------------------------------------------
cfg = {'s2e': 's2e@1', 'bhd': 'bhd@1', 'bad_route': 'bad_route@1', 'idle_yield': 'idle_yield@1', 'rug': 'rug@1'}
as_of = ts(SC['asOf'])
moments = []


def clamp01(x):
    return max(F(0), min(F(1), x))


for ev in events:  # S2E, one per exit
    if ev['kind'] != 'sell':
        continue
    qty = F(ev['qtyRaw'], 10**ev['decimals']); proceeds = F(ev['proceedsScaled'], 10**18)
    peak, peak_h = extreme(ev['token'], ev['t'], ev['t'] + WEEK, max)
    missed = qty * peak - proceeds; pct = qty * peak / proceeds - 1
    ev['s2e'] = {'peak': peak, 'peakAt': peak_h, 'missed': missed, 'pct': pct}
    if pct >= F(1, 4) and missed >= 25:
        moments.append({'kind': 's2e', 'event': ev['n'], 'token': ev['token'], 'usd': missed, 'pct': pct,
                        'severity': clamp01(pct / F(3, 4)), 'explain': {'qty': qty, 'proceedsUsd': proceeds,
                        'exitPxUsd': proceeds / qty, 'peakUsd': peak, 'peakAt': iso(peak_h)}})

for lot in lots:  # BHD, one per bought lot
    if lot['basis'] != 'swap':
        continue
    qty = F(lot['qtyRaw'], 10**lot['decimals']); cost = F(lot['cost'], 10**18)
    trough, trough_h = extreme(lot['token'], lot['t'], lot['t'] + WEEK, min)
    dd = qty * trough / cost - 1
    lot['bhd'] = {'trough': trough, 'troughAt': trough_h, 'dd': dd}
    if dd <= F(-3, 10):
        moments.append({'kind': 'bhd', 'event': lot['event'], 'token': lot['token'], 'usd': cost - qty * trough,
                        'pct': dd, 'severity': clamp01((abs(dd) - F(3, 10)) / F(1, 2)),
                        'explain': {'qty': qty, 'costUsd': cost, 'entryPxUsd': cost / qty, 'troughUsd': trough,
                                    'troughAt': iso(trough_h)}})

for ev in events:  # BadRoute, one per token swap; benchmark = the hour's candle (no other fill that minute)
    if ev['kind'] not in ('buy', 'sell'):
        continue
    qty = F(ev['qtyRaw'], 10**ev['decimals']); usd = ev['quoteUsd']; bench = close(ev['token'], ev['t'])
    exec_px = usd / qty
    worse = exec_px / bench - 1 if ev['kind'] == 'buy' else 1 - exec_px / bench
    cost = usd - qty * bench if ev['kind'] == 'buy' else qty * bench - usd
    ev['route'] = {'worse': worse, 'cost': cost}
    if worse >= F(1, 100) and cost >= 5:
        moments.append({'kind': 'bad_route', 'event': ev['n'], 'token': ev['token'], 'usd': cost, 'pct': worse,
                        'severity': clamp01(worse / F(1, 10)),
                        'explain': {'qty': qty, 'quoteUsd': usd, 'execPxUsd': exec_px, 'benchmarkPxUsd': bench}})

# Idle yield: the balance as LIFO layers — what arrives is a new layer, what leaves is taken from the newest
# layer; each part that leaves closes a window (held from its layer's arrival to the event that spent it), what
# is still held at the end is an open window. SOL at 7%, USDC at 5% (USDC windows only reported).
windows = []
for asset, key, apr, dec_ in (('SOL', 'solAfter', F(7, 100), 9), ('USDC', 'usdcAfter', F(5, 100), 6)):
    layers, bal = [], 0
    for ev in events:
        delta = ev[key] - bal
        bal = ev[key]
        if delta > 0:
            layers.append([ev, delta])
        leaving = -delta if delta < 0 else 0
        while leaving > 0 and layers:
            take = min(layers[-1][1], leaving)
            windows.append((asset, layers[-1][0], ev, apr, dec_, take))
            layers[-1][1] -= take
            leaving -= take
            if layers[-1][1] == 0:
                layers.pop()
    for start_ev, qty in layers:
        windows.append((asset, start_ev, None, apr, dec_, qty))
idle_rows = []
for asset, start, end, apr, dec_, qty_raw in windows:
    t0, t1 = start['t'], (end['t'] if end else as_of)
    bal = F(qty_raw, 10**dec_)
    if asset == 'SOL':
        samples = [close('SOL', t) for t in range(t0, t1, 24 * HOUR)]
        last = t1 - t1 % HOUR
        samples.append(closes['SOL'][last][1] if last in closes['SOL'] else closes['SOL'][max(closes['SOL'])][1])
    else:
        samples = [F(1)]  # a dollar, the most any USDC window could be worth
    avg = sum(samples) / len(samples)
    missed = bal * apr * F(t1 - t0, 365 * DAY) * avg
    idle_rows.append({'asset': asset, 'from': start['n'], 'to': end['n'] if end else None, 'balance': bal,
                      'days': F(t1 - t0, DAY), 'avgPx': avg, 'samples': len(samples), 'missed': missed})
    if asset == 'SOL' and missed >= 25:
        moments.append({'kind': 'idle_yield', 'event': start['n'], 'token': 'SOL', 'usd': missed, 'pct': apr,
                        'severity': clamp01(missed / 250),
                        'explain': {'balance': bal, 'apr': apr, 'days': F(t1 - t0, DAY), 'avgPxUsd': avg,
                                    'priceSamples': len(samples), 'start': t0, 'end': t1}})

# Rug: ≥ 90% below the all-time high of the candles and staying there ≥ 7 days, while the wallet held.
for sym in ('ACT', 'BONK', 'WIF', 'W'):
    series = closes[sym]
    hours = sorted(h for h in series if h >= ts(SC['prices']['from']))
    ath, onset, run = F(0), None, None
    for h in hours:
        c = series[h][1]
        if c > ath:
            ath, ath_h, run = c, h, None
        elif c <= ath / 10:
            run = run if run is not None else h
            if h + HOUR - run >= WEEK and onset is None:
                onset = (run, ath, ath_h)
        else:
            run = None
    if onset is None:
        continue
    t_onset, ath_at_onset, ath_h = onset
    held = [l for l in lots if l['token'] == sym and l['t'] <= t_onset and l['openQty'] > 0]
    if not held:
        continue
    qty_raw = sum(l['openQty'] for l in held); qty = F(qty_raw, 10**held[0]['decimals'])
    cost = F(sum(l['openCost'] for l in held), 10**18)
    px = series[t_onset][1]
    # What the rug cost: the open cost at the onset minus the bag's value at the best exit after it — the higher
    # of the onset price and every close from the next hour to onset + 7 days (flat candles: high = close).
    after = [series[h][1] for h in range(t_onset + HOUR, t_onset + WEEK + 1, HOUR) if h in series]
    best = max([px] + after)
    lost = cost - qty * best
    moments.append({'kind': 'rug', 'event': held[0]['event'], 'token': sym, 'usd': lost,
                    'pct': 1 - best / ath_at_onset, 'severity': clamp01(lost / cost),
                    'explain': {'qty': qty, 'openCostUsd': cost, 'athUsd': ath_at_onset, 'athAt': iso(ath_h),
                                'onset': iso(t_onset), 'onsetPxUsd': px, 'bestExitAfterUsd': best}})

# ---- 4. the summary the analyze command must print ---------------------------------------------------------
realized = F(sum(t['pnl'] for t in trades), 10**18)
by_kind = {k: [m for m in moments if m['kind'] == k] for k in cfg}


def pick(ms, key):
    return max(ms, key=key) if ms else None


def js(x):
    if isinstance(x, F):
        return trunc18(x)
    if isinstance(x, dict):
        return {k: js(v) for k, v in x.items()}
    if isinstance(x, list):
        return [js(v) for v in x]
    return x


out = {
    'scenario': SC['name'], 'asOf': SC['asOf'],
    'events': [{k: (trunc18(v) if isinstance(v, F) else v) for k, v in ev.items()
                if k in ('n', 'at', 'kind', 'token', 'qtyRaw', 'usdcRaw', 'lamports', 'lamportsQuote', 'close',
                         'solClose', 'fill', 'feeLamports')} for ev in events],
    'lots': [{'token': l['token'], 'n': l['n'], 'event': l['event'], 'qtyRaw': str(l['qtyRaw']),
              'openQtyRaw': str(l['openQty']), 'costUsd': sstr(l['cost']), 'openCostUsd': sstr(l['openCost']),
              'basisSource': l['basis'], 'episode': l['episode']} for l in lots],
    'realizedTrades': [{'token': t['token'], 'lot': t['lot'], 'exitEvent': t['exit'], 'qtyRaw': str(t['qtyRaw']),
                        'costUsd': sstr(t['cost']), 'proceedsUsd': sstr(t['proceeds']), 'pnlUsd': sstr(t['pnl']),
                        'episode': t['episode']} for t in trades],
    'episodes': [{'token': e['token'], 'n': e['n'], 'openedBy': e['openedBy'], 'closedBy': e['closedBy'],
                  'qtyInRaw': str(e['qtyIn']), 'qtyOutRaw': str(e['qtyOut']), 'realizedCostUsd': sstr(e['cost']),
                  'realizedProceedsUsd': sstr(e['proceeds']), 'realizedPnlUsd': sstr(e['proceeds'] - e['cost'])}
                 for e in episodes],
    'flags': [{'code': f['code'], 'event': f['event'], 'token': f['token'], 'qtyRaw': str(f['qtyRaw']),
               'costUsd': sstr(f['cost'])} for f in flags],
    'realizedPnlUsd': trunc18(realized),
    # Open lots at as-of, marked at the newest hourly close at or before as-of (the candle covering as-of, else
    # the last one that closed before it): value − open cost of the lots still held.
    'unrealizedPnlUsd': trunc18(sum(
        (F(l['openQty'], 10**l['decimals']) * closes[l['token']][max(h for h in closes[l['token']] if h <= as_of)][1]
         - F(l['openCost'], 10**18)) for l in lots if l['openQty'] > 0)),
    'counts': {k: len(v) for k, v in by_kind.items()},
    'moments': [{'kind': m['kind'], 'event': m['event'], 'token': m['token'], 'usd': trunc18(m['usd']),
                 'pct': trunc18(m['pct']), 'severity': None if m['severity'] is None else trunc18(m['severity']),
                 'explain': js(m['explain'])} for m in moments],
    'extremes': {
        'topWin': js(pick([t for t in trades if t['pnl'] > 0], lambda t: t['pnl'])),
        'topLoss': js(pick([t for t in trades if t['pnl'] < 0], lambda t: -t['pnl'])),
    },
    'checks': {
        'idleWindows': [js(r) for r in idle_rows],
        'notEmitted': {
            's2e': [{'event': ev['n'], 'pct': trunc18(ev['s2e']['pct']), 'missed': trunc18(ev['s2e']['missed'])}
                    for ev in events if 's2e' in ev],
            'bhd': [{'lotEvent': l['event'], 'dd': trunc18(l['bhd']['dd'])} for l in lots if 'bhd' in l],
            'badRoute': [{'event': ev['n'], 'worse': trunc18(ev['route']['worse']), 'cost': trunc18(ev['route']['cost'])}
                         for ev in events if 'route' in ev],
        },
        'linkedReturn': [{'event': ev['n'], 'carriedCostUsd': sstr(ev['carriedCost']),
                          'marketCostUsd': sstr(ev['marketCost'])} for ev in events if 'carriedCost' in ev],
    },
}
for k in ('topWin', 'topLoss'):
    t = out['extremes'][k]
    if t:
        out['extremes'][k] = {'token': t['token'], 'exitEvent': t['exit'], 'lotEvent': t['lotEvent'],
                              'usd': sstr(t['pnl']) if isinstance(t['pnl'], int) else t['pnl']}
json.dump(out, open(os.path.join(HERE, 'expected.json'), 'w'), indent=2)
print(json.dumps({k: out[k] for k in ('realizedPnlUsd', 'counts')}, indent=1))
for m in out['moments']:
    print(m['kind'], m['event'], m['token'], m['usd'], m['pct'], m['severity'])
for r in out['checks']['idleWindows']:
    print('idle', r['asset'], r['from'], r['to'], r['balance'], r['days'][:8], r['missed'][:10])
