#!/usr/bin/python3
# gen.py: golden vectors for the indicators of lib/tl_ind.c, computed with pandas.
#
# Run once from the tree top with Debian's Python and pandas (not the pyenv
# python3 that may come first on PATH), and commit the output:
#
#   apt-get install -y python3-pandas
#   /usr/bin/python3 tests/data/ind/gen.py
#
# It reads share/tickline/data/{GOOG,EURUSD}.csv (columns ,Open,High,Low,
# Close,Volume) and writes tests/data/ind/<NAME>.tsv: a header line naming
# the columns (kind + period: sma20, ema10, rsi14, atr14, dc20_upper, ...),
# then one line per bar of the CSV in order, each value as Python's repr()
# of the double (shortest round trip), "nan" during the warm-up; and
# tests/data/ind/<NAME>-more.tsv the same way for the later indicators
# (wma, macd, stddev, bollinger, roc, adx/di, obv, vwap, relative volume).
#
# The computations use pandas' own operations and follow the definitions in
# lib/tl_ind.h, not the C code: rolling means, ewm(adjust=False) on a series
# whose first valid value is the SMA seed, rolling max/min.

import os
import sys

import numpy as np
import pandas as pd

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DATA = os.path.join(TOP, "share", "tickline", "data")
OUT = os.path.join(TOP, "tests", "data", "ind")

# (name, rows to keep: None for all)
SERIES = [("GOOG", None), ("EURUSD", 1000)]


def seeded_ewm(x, n, alpha, first):
    """Returns the EMA with factor alpha of x from index first on, seeded
    there with the plain mean of the n values x[first-n+1..first]."""
    seed = x.rolling(n).mean().iloc[first]
    s = pd.Series(np.nan, index=x.index)
    s.iloc[first] = seed
    s.iloc[first + 1:] = x.iloc[first + 1:]
    return s.ewm(alpha=alpha, adjust=False).mean()


def sma(c, n):
    return c.rolling(n).mean()


def ema(c, n):
    if len(c) < n:
        return pd.Series(np.nan, index=c.index)
    return seeded_ewm(c, n, 2.0 / (n + 1.0), n - 1)


def rsi(c, n):
    if len(c) <= n:
        return pd.Series(np.nan, index=c.index)
    d = c.diff()
    gain = d.clip(lower=0)
    loss = (-d).clip(lower=0)
    # gains start at index 1, so the mean of g_1..g_n sits at index n
    ag = seeded_ewm(gain, n, 1.0 / n, n)
    al = seeded_ewm(loss, n, 1.0 / n, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = 100 - 100 / (1 + ag / al)
    r = r.where(al != 0, np.where(ag > 0, 100.0, 50.0))
    return r.where(ag.notna())


def atr(h, l, c, n):
    if len(c) < n:
        return pd.Series(np.nan, index=c.index)
    pc = c.shift(1)
    tr = pd.concat([h - l, (h - pc).abs(), (l - pc).abs()], axis=1).max(axis=1)
    return seeded_ewm(tr, n, 1.0 / n, n - 1)


def wma(c, n):
    w = np.arange(1, n + 1, dtype=float)
    return c.rolling(n).apply(lambda a: np.dot(a, w) / (n * (n + 1) / 2.0), raw=True)


def std(c, n):
    return c.rolling(n).apply(lambda a: np.std(a), raw=True)


def macd(c, fast, slow, sig):
    line = ema(c, fast) - ema(c, slow)
    first = max(fast, slow) - 1
    if len(c) < first + sig:
        return line, pd.Series(np.nan, index=c.index)
    signal = seeded_ewm(line, sig, 2.0 / (sig + 1.0), first + sig - 1)
    return line, signal


def adx(h, l, c, n):
    up = h.diff()
    down = -l.diff()
    pdm = up.where((up > down) & (up > 0), 0.0).where(up.notna())
    mdm = down.where((down > up) & (down > 0), 0.0).where(up.notna())
    pc = c.shift(1)
    tr = pd.concat([h - l, (h - pc).abs(), (l - pc).abs()], axis=1).max(axis=1)
    tr = tr.where(pc.notna())
    str_ = seeded_ewm(tr, n, 1.0 / n, n)
    pdi = (100 * seeded_ewm(pdm, n, 1.0 / n, n) / str_).where(str_ != 0, 0.0).where(str_.notna())
    mdi = (100 * seeded_ewm(mdm, n, 1.0 / n, n) / str_).where(str_ != 0, 0.0).where(str_.notna())
    s = pdi + mdi
    dx = (100 * (pdi - mdi).abs() / s).where(s != 0, 0.0).where(s.notna())
    return seeded_ewm(dx, n, 1.0 / n, 2 * n - 1), pdi, mdi


def vwap(h, l, c, v, n):
    tp = (h + l + c) / 3
    num = (tp * v).rolling(n).sum()
    den = v.rolling(n).sum()
    return (num / den).where(den != 0, tp.rolling(n).mean())


def rvol(v, n):
    m = v.shift(1).rolling(n).mean()
    return v / m


def more(df):
    h, l, c, v = df["High"], df["Low"], df["Close"], df["Volume"].astype(float)
    line, signal = macd(c, 12, 26, 9)
    mid = c.rolling(20).mean()
    sd = std(c, 20)
    a, pdi, mdi = adx(h, l, c, 14)
    obv = (np.sign(c.diff()).fillna(0) * v).cumsum()
    return [
        ("wma10", wma(c, 10)),
        ("wma20", wma(c, 20)),
        ("macd_line", line),
        ("macd_signal", signal),
        ("macd_hist", line - signal),
        ("sd20", sd),
        ("bb20_mid", mid),
        ("bb20_upper", mid + 2 * sd),
        ("bb20_lower", mid - 2 * sd),
        ("bb20_width", 4 * sd / mid),
        ("roc10", 100 * (c - c.shift(10)) / c.shift(10)),
        ("adx14", a),
        ("pdi14", pdi),
        ("mdi14", mdi),
        ("obv", obv),
        ("vwap20", vwap(h, l, c, v, 20)),
        ("rvol20", rvol(v, 20)),
    ]


def write(path, cols, rows):
    with open(path, "w") as f:
        f.write("\t".join(k for k, _ in cols) + "\n")
        vals = [v.to_numpy(dtype=float) for _, v in cols]
        for i in range(rows):
            f.write("\t".join(repr(float(v[i])) for v in vals) + "\n")
    print("%s: %d rows" % (path, rows), file=sys.stderr)


def main():
    for name, rows in SERIES:
        df = pd.read_csv(os.path.join(DATA, name + ".csv"), index_col=0)
        if rows is not None:
            df = df.iloc[:rows]
        h, l, c = df["High"], df["Low"], df["Close"]
        up = h.rolling(20).max()
        lo = l.rolling(20).min()
        cols = [
            ("sma20", sma(c, 20)),
            ("ema10", ema(c, 10)),
            ("ema50", ema(c, 50)),
            ("rsi14", rsi(c, 14)),
            ("atr14", atr(h, l, c, 14)),
            ("dc20_upper", up),
            ("dc20_lower", lo),
            ("dc20_mid", (up + lo) / 2),
        ]
        write(os.path.join(OUT, name + ".tsv"), cols, len(df))
        write(os.path.join(OUT, name + "-more.tsv"), more(df), len(df))


if __name__ == "__main__":
    main()
