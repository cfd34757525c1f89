// num-ecma.js: makes tests/data/num-ecma.tsv, doubles (as hex bits) with
// ECMAScript's String(x) for them, the independent reference for tl_num's
// output. Run by hand with node (not needed to build or test):
//   node tests/data/num-ecma.js > tests/data/num-ecma.tsv
let s = 12345n;
function next() { s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return s; }
const buf = new DataView(new ArrayBuffer(8));
const out = [];
function emit(bits) {
  buf.setBigUint64(0, bits);
  const x = buf.getFloat64(0);
  if (isFinite(x)) out.push(bits.toString(16).padStart(16, '0') + "\t" + String(x));
}
function emitNum(v) { buf.setFloat64(0, v); emit(buf.getBigUint64(0)); }
for (let i = 0; i < 3000; i++) {
  const mode = i % 4;
  if (mode === 1) emitNum(Number(next() % 100000000n) / [100, 1000, 10000][i % 3]); // prices
  else if (mode === 2) emitNum(Number(next() % 1000000n) * Math.pow(10, Number(next() % 60n) - 30));
  else emit(next()); // any bits
}
// Powers of two: their rounding interval is lopsided, a classic trap.
for (let k = -1074; k <= 1023; k++) emitNum(Math.pow(2, k));
console.log(out.join("\n"));
