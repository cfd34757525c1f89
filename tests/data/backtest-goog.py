# An independent SMA 10/20 crossover backtest of GOOG.csv, as a plain loop:
# fills at the next open, whole units, a 0.002 fee on both sides.
import csv, calendar, json, math, sys
rows = []
with open(sys.argv[1]) as f:
    r = csv.reader(f)
    next(r)
    for d, o, h, l, c, v in r:
        y, m, dd = map(int, d.split("-"))
        rows.append((calendar.timegm((y, m, dd, 0, 0, 0)), float(o), float(c)))
fee, cash = 0.002, 10000.0
def sma(i, n):
    return sum(rows[k][2] for k in range(i - n + 1, i + 1)) / n if i >= n - 1 else None
trades, side, pend = [], 0, None
for i, (t, o, c) in enumerate(rows):
    if pend is not None:
        if side != 0:
            fe = o * size * fee
            pnl = side * size * (o - entry) - (efee + fe)
            cash += side * size * o - fe
            trades.append(dict(side="long" if side > 0 else "short", size=size, entry_t=et, entry=entry,
                               exit_t=t, exit=o, fees=efee + fe, pnl=pnl,
                               return_pct=pnl / (entry * size) * 100, bars=i - ei, reason="signal"))
        side = pend
        size = math.floor(cash / (o * (1 + fee)))
        entry, et, ei, efee = o, t, i, o * size * fee
        cash -= side * size * o + efee
        pend = None
    if i >= 20:
        f0, s0, f1, s1 = sma(i - 1, 10), sma(i - 1, 20), sma(i, 10), sma(i, 20)
        if f0 < s0 and f1 > s1 and side != 1:
            pend = 1
        elif f0 > s0 and f1 < s1 and side != -1:
            pend = -1
t, o, c = rows[-1]
trades.append(dict(side="long" if side > 0 else "short", size=size, entry_t=et, entry=entry, exit_t=t, exit=c,
                   fees=efee, pnl=side * size * (c - entry) - efee,
                   return_pct=(side * size * (c - entry) - efee) / (entry * size) * 100,
                   bars=len(rows) - 1 - ei, open=True))
got = [json.loads(x) for x in open(sys.argv[2]) if '"trade"' in x]
bad = 0
if len(got) != len(trades):
    print("not ok - %d trades, the plain loop has %d" % (len(got), len(trades))); bad = 1
for k, (a, b) in enumerate(zip(got, trades)):
    for key, want in b.items():
        have = a.get(key)
        if isinstance(want, float) and isinstance(have, (int, float)):
            same = abs(have - want) <= 1e-8 * max(1.0, abs(want))
        else:
            same = have == want
        if not same:
            print("not ok - trade %d %s: backtest %r, plain loop %r" % (k + 1, key, have, want)); bad = 1
    if set(a) - set(b) - {"type", "symbol", "tf"}:
        print("not ok - trade %d has keys %s" % (k + 1, set(a) - set(b))); bad = 1
print("%d trades compared" % len(trades))
sys.exit(bad)
