// bench/scan_peer.js: the peer of 'scan-run --tfs 1D,1W' in make bench, in
// Node.js with the npm package technicalindicators (pinned in
// bench/node/package.json; bench/run.sh installs it under build/bench/node
// and runs this with NODE_PATH pointing there).
//
// Reads daily bar records (NDJSON) on stdin, groups them per symbol, builds
// weekly bars from them as scan-run does (Monday 00:00 UTC buckets, closed
// ones only: the last, still open week is dropped), computes scan-run's five
// components on 1D and 1W at the latest bar with the rules of scan-run(1),
// scores them with the balanced weights, applies the veto rule and writes one
// signal record per symbol, sorted by |score| (ties by symbol).
//
// Indicators, from technicalindicators where it has them: EMA(20), EMA(50),
// ADX(14) with +DI/-DI, RSI(14), MACD(12, 26, 9) with EMA oscillator and
// signal (SimpleMAOscillator/SimpleMASignal false, as scan-run's MACD),
// ATR(14) (also the levels' tolerance), OBV, BollingerBands(20, 2), SMA(20)
// of the Bollinger width and of volume, Sum(20) of volume, Highest(20) and
// Lowest(20) for the Donchian channel. In plain JS, since the package has
// none: the Bollinger width (upper - lower)/mid, relative volume (volume /
// SMA(20) of the volumes before), the OBV change over 20 bars, the weekly
// buckets, and chart-levels' support and resistance (pivots 5/5, clusters
// within 0.5 ATR, broken after 3 crossings, nearest levels, capped at 10),
// ported from lib/tl_levels.c.
//
// The package's warm-up conventions differ from lib/tl_ind's: its ATR and
// ADX start their true range at the second bar, its RSI is rounded to two
// decimals, its SMA keeps a running sum. So the numbers agree closely, not
// exactly. On bars-synth --seed 3 --symbols 300 --bars 500, against
// scan-run --tfs 1D,1W (balanced, default lookback): the directions agree
// on 300 of 300 symbols and so do the vetoes; the scores are equal on 280
// and 0.01 apart on the other 20; of the components (to four decimals)
// trend, volume, breakout and volatility are equal on all 300 and momentum
// on 224, 0.0001 apart on the rest (the package's RSI rounding); the weekly
// scores (scan-run --explain) are within 0.02, their directions equal. On
// bench's 5,000 symbols x 500 bars (--seed 2): directions 5,000 of 5,000,
// scores equal on 4,729 and within 0.01 on all.
'use strict';

const readline = require('readline');
const {
  EMA, ADX, RSI, MACD, ATR, OBV, BollingerBands, SMA, Sum, Highest, Lowest,
} = require('technicalindicators');

const NAMES = ['trend', 'momentum', 'volume', 'breakout', 'volatility'];
const WEIGHTS = [0.3, 0.25, 0.15, 0.2, 0.1]; // the balanced preset
const LOOKBACK = 250; // scan-run's default --lookback
const DAY = 86400;

const sgn = (x) => (x > 0 ? 1 : x < 0 ? -1 : 0);
const clamp1 = (x) => (x > 1 ? 1 : x < -1 ? -1 : x);
const clamp01 = (x) => (x > 1 ? 1 : x < 0 ? 0 : x);
// The element `back` places before the end of a, or undefined.
const at = (a, back) => a[a.length - 1 - back];

// One series of bars as columns.
function series() {
  return { t: [], o: [], h: [], l: [], c: [], v: [] };
}

// Returns the Monday 00:00 UTC that starts the week of t (1970-01-01 was a
// Thursday).
function weekOf(t) {
  const d = Math.floor(t / DAY);
  return (d - ((d + 3) % 7)) * DAY;
}

// Returns the closed weekly buckets of daily series d: the open week (the
// last one) is left out.
function weekly(d) {
  const w = series();
  let key = null;
  for (let i = 0; i < d.t.length; i++) {
    const k = weekOf(d.t[i]);
    if (k !== key) {
      key = k;
      w.t.push(k); w.o.push(d.o[i]); w.h.push(d.h[i]); w.l.push(d.l[i]);
      w.c.push(d.c[i]); w.v.push(d.v[i]);
    } else {
      const j = w.t.length - 1;
      if (d.h[i] > w.h[j]) w.h[j] = d.h[i];
      if (d.l[i] < w.l[j]) w.l[j] = d.l[i];
      w.c[j] = d.c[i];
      w.v[j] += d.v[i];
    }
  }
  for (const f of ['t', 'o', 'h', 'l', 'c', 'v']) w[f].pop();
  return w;
}

// --- chart-levels' nearest support and resistance (lib/tl_levels.c) --------

// The pivots (left and right 5) confirmed within bars 0..k.
function pivots(h, l, k) {
  const out = [];
  for (let i = 5; i + 5 <= k; i++) {
    for (let side = 1; side >= 0; side--) {
      const x = side ? h : l;
      let ok = true;
      for (let j = i - 5; j < i && ok; j++) ok = side ? x[i] > x[j] : x[i] < x[j];
      for (let j = i + 1; j <= i + 5 && ok; j++) ok = side ? x[i] >= x[j] : x[i] <= x[j];
      if (ok) out.push({ i, price: x[i], high: side });
    }
  }
  return out;
}

// Counts, up to 3, the crossings of [price - tol, price + tol] by the
// closes c[from..k].
function crossings(c, from, k, price, tol) {
  const up = price + tol, down = price - tol;
  let side = 0, n = 0;
  for (let i = from; i <= k && n < 3; i++) {
    if (c[i] > up) {
      if (side < 0) n++;
      side = 1;
    } else if (c[i] < down) {
      if (side > 0) n++;
      side = -1;
    }
  }
  return n;
}

// Returns [support, resistance], the nearest ones as scan-run takes them
// (the highest support and the lowest resistance of chart-levels' levels)
// as of bar k of the window h, l, c, with atrK the ATR(14) at k; NaN when
// none.
function levels(h, l, c, k, atrK) {
  const p = pivots(h, l, k);
  const res = [NaN, NaN];
  if (p.length === 0) return res;
  const close = c[k];
  let tol = 0.5 * atrK;
  if (!(Number.isFinite(atrK) && atrK > 0)) tol = Math.abs(close) * 0.001 || 1e-9;
  // Cluster by price, ties by place.
  const order = p.map((_, j) => j).sort((a, b) => p[a].price - p[b].price || a - b);
  const cl = new Int32Array(p.length);
  let nc = 0, anchor = 0;
  for (let j = 0; j < order.length; j++) {
    const q = p[order[j]];
    if (j === 0 || !(q.price - anchor <= tol)) { anchor = q.price; nc++; }
    cl[order[j]] = nc - 1;
  }
  const lv = [];
  for (let j = 0; j < nc; j++) lv.push({ touches: 0, lo: 0, hi: 0, flips: 0, last: 0, lastHigh: 0, sum: 0 });
  for (let j = 0; j < p.length; j++) {
    const v = lv[cl[j]], q = p[j];
    if (v.touches === 0 || q.price < v.lo) v.lo = q.price;
    if (v.touches === 0 || q.price > v.hi) v.hi = q.price;
    if (v.touches > 0 && q.high !== v.lastHigh) v.flips++;
    v.lastHigh = q.high;
    v.last = q.i;
    v.touches++;
  }
  for (let j = 0; j < p.length; j++) lv[cl[j]].sum += p[j].price - lv[cl[j]].lo;
  let on = -1;
  for (let j = 0; j < nc; j++) {
    const v = lv[j];
    v.price = v.lo + v.sum / v.touches;
    v.strength = v.touches + 1.5 * v.flips + v.last / (k + 1);
    v.broken = crossings(c, v.last + 1, k, v.price, tol) >= 3;
    v.near = false;
    if (!v.broken && close >= v.lo - tol && close <= v.hi + tol &&
        (on < 0 || Math.abs(v.price - close) < Math.abs(lv[on].price - close)))
      on = j;
  }
  const ns = [-1, -1], nr = [-1, -1];
  lv.forEach((v, j) => {
    v.resistance = j === on ? v.lastHigh === 1 : !(v.price < close);
    if (v.broken) return;
    const m = v.touches >= 2 ? 1 : 0;
    if (!v.resistance) {
      if (ns[0] < 0 || v.price > lv[ns[0]].price) ns[0] = j;
      if (m && (ns[1] < 0 || v.price > lv[ns[1]].price)) ns[1] = j;
    } else {
      if (nr[0] < 0 || v.price < lv[nr[0]].price) nr[0] = j;
      if (m && (nr[1] < 0 || v.price < lv[nr[1]].price)) nr[1] = j;
    }
  });
  let nearS = ns[1] >= 0 ? ns[1] : ns[0], nearR = nr[1] >= 0 ? nr[1] : nr[0];
  if (on >= 0 && !lv[on].resistance) nearS = on;
  if (on >= 0 && lv[on].resistance) nearR = on;
  if (nearS >= 0) lv[nearS].near = true;
  if (nearR >= 0) lv[nearR].near = true;
  // Kept: the nearest ones, and the strongest others touched twice, up to 10.
  const kept = lv.filter((v) => !v.broken && (v.near || v.touches >= 2));
  kept.sort((a, b) => b.strength - a.strength || a.price - b.price);
  let room = Math.max(10 - kept.filter((v) => v.near).length, 0);
  for (const v of kept) {
    if (!v.near) {
      if (room === 0) continue;
      room--;
    }
    if (!v.resistance && !(res[0] >= v.price)) res[0] = v.price;
    if (v.resistance && !(res[1] <= v.price)) res[1] = v.price;
  }
  return res;
}

// --- the components ----------------------------------------------------------

// Returns the five components of series s at its latest bar (0 for one
// still warming up).
function components(s) {
  const n = s.c.length;
  const comp = [0, 0, 0, 0, 0];
  const close = s.c[n - 1], open = s.o[n - 1];
  const hlc = { high: s.h, low: s.l, close: s.c, period: 14 };

  // trend
  const ema20 = at(EMA.calculate({ period: 20, values: s.c }), 0);
  const ema50 = at(EMA.calculate({ period: 50, values: s.c }), 0);
  const adx = at(ADX.calculate(hlc), 0);
  if (ema50 !== undefined && adx !== undefined) {
    const align = (sgn(close - ema20) + sgn(ema20 - ema50)) / 2;
    comp[0] = (align + sgn(adx.pdi - adx.mdi) * Math.min(adx.adx / 50, 1)) / 2;
  }
  // momentum
  const rsi = at(RSI.calculate({ period: 14, values: s.c }), 0);
  const macd = at(MACD.calculate({
    values: s.c, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9,
    SimpleMAOscillator: false, SimpleMASignal: false,
  }), 0);
  const atr = at(ATR.calculate(hlc), 0);
  if (rsi !== undefined && macd && macd.histogram !== undefined && atr !== undefined) {
    const m = atr > 0 ? clamp1(macd.histogram / atr) : 0;
    comp[1] = ((rsi - 50) / 50 + m) / 2;
  }
  // volume
  if (n >= 21) {
    const obv = OBV.calculate({ close: s.c, volume: s.v }); // from bar 1 on
    const obvAgo = n - 21 === 0 ? 0 : obv[n - 22];
    const vol20 = at(Sum.calculate({ period: 20, values: s.v }), 0);
    const mean = at(SMA.calculate({ period: 20, values: s.v }), 1); // the 20 before
    const v = s.v[n - 1];
    const rvol = mean > 0 ? v / mean : v === 0 ? 1 : NaN;
    const o = vol20 > 0 ? clamp1((obv[n - 2] - obvAgo) / vol20) : 0;
    const x = Number.isNaN(rvol) ? 0 : clamp01(rvol - 1);
    comp[2] = (o + sgn(close - open) * x) / 2;
  }
  // breakout: levels of the lookback window as of the bar before, else the
  // Donchian channel of the 20 bars before
  if (n >= 21) {
    const upper = at(Highest.calculate({ period: 20, values: s.h }), 1);
    const lower = at(Lowest.calculate({ period: 20, values: s.l }), 1);
    const wn = Math.min(n, LOOKBACK), from = n - wn;
    const h = s.h.slice(from), l = s.l.slice(from), c = s.c.slice(from);
    const k = wn - 2;
    const watr = ATR.calculate({ high: h, low: l, close: c, period: 14 });
    const [support, resistance] = levels(h, l, c, k, k >= 14 ? watr[k - 14] : NaN);
    let b;
    if (close > resistance) b = 1;
    else if (close < support) b = -1;
    else if (close > upper) b = 1;
    else if (close < lower) b = -1;
    else if (upper > lower) b = (close - (upper + lower) / 2) / (upper - lower);
    else b = 0;
    comp[3] = b;
  }
  // volatility
  const bb = BollingerBands.calculate({ period: 20, stdDev: 2, values: s.c });
  const width = bb.map((x) => (x.middle !== 0 ? (x.upper - x.lower) / x.middle : 0));
  const wavg = at(SMA.calculate({ period: 20, values: width }), 0);
  if (wavg !== undefined) {
    const e = wavg > 0 ? clamp01(at(width, 0) / wavg - 1) : 0;
    comp[4] = sgn(close - at(bb, 0).middle) * e;
  }
  return comp;
}

// Returns 100 x the weighted sum of comp, in [-100, 100].
function score(comp) {
  let s = 0;
  for (let i = 0; i < 5; i++) s += WEIGHTS[i] * comp[i];
  s *= 100;
  return s > 100 ? 100 : s < -100 ? -100 : s;
}

const direction = (x) => (x >= 20 ? 1 : x <= -20 ? -1 : 0);
// x rounded to d decimals, halves away from zero as C's round(), no -0.
const roundTo = (x, d) => (Math.sign(x) * Math.round(Math.abs(x) * 10 ** d)) / 10 ** d || 0;

// --- main ----------------------------------------------------------------------

const now = process.env.TICKLINE_NOW ? Number(process.env.TICKLINE_NOW) : Math.floor(Date.now() / 1000);
const syms = new Map();
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (line === '') return;
  const b = JSON.parse(line);
  if (b.type !== 'bar' || b.tf !== '1D') return;
  let s = syms.get(b.symbol);
  if (!s) { s = series(); syms.set(b.symbol, s); }
  s.t.push(b.t); s.o.push(b.o); s.h.push(b.h); s.l.push(b.l); s.c.push(b.c); s.v.push(b.v);
});
rl.on('close', () => {
  const sigs = [];
  for (const [symbol, d] of syms) {
    const w = weekly(d);
    const comp = components(d);
    let final = score(comp);
    const tfs = ['1D'], veto = [];
    if (w.c.length > 0) {
      tfs.push('1W');
      const sw = score(components(w));
      if (direction(sw) !== 0 && direction(final) === -direction(sw)) veto.push('1W');
    }
    if (veto.length) final /= 2;
    final = roundTo(final, 2);
    const t = d.t[d.t.length - 1];
    const rec = {
      type: 'signal', symbol, tf: '1D', t, score: final,
      direction: ['short', 'neutral', 'long'][direction(final) + 1],
      preset: 'balanced', components: {}, tfs,
    };
    NAMES.forEach((name, i) => { rec.components[name] = roundTo(comp[i], 4); });
    if (veto.length) rec.veto = veto;
    if (now >= t + 3 * DAY) rec.stale = true;
    sigs.push(rec);
  }
  sigs.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) ||
    (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  process.stdout.write(sigs.map((r) => JSON.stringify(r)).join('\n') + (sigs.length ? '\n' : ''));
});
