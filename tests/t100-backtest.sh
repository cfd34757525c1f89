# t100-backtest: hand-checked simulations, no look-ahead, GOOG against a plain loop, several symbols.
. "$(dirname "$0")/lib.sh"

# bar T O H L C [SYMBOL] and sig T DIRECTION [SYMBOL] print one record; TF
# sets the timeframe (1D). Days start on Monday 2024-01-01 (D0), so no bar
# falls on a weekend and daily series annualise with 252 periods.
bar() { printf '{"type":"bar","symbol":"%s","tf":"%s","t":%s,"o":%s,"h":%s,"l":%s,"c":%s,"v":1000}\n' "${6:-A}" "${TF:-1D}" "$1" "$2" "$3" "$4" "$5"; }
sig() { printf '{"type":"signal","symbol":"%s","t":%s,"direction":"%s"}\n' "${3:-A}" "$1" "$2"; }
D=86400 H=3600 D0=1704067200
D1=$((D0 + D)) D2=$((D0 + 2 * D)) D3=$((D0 + 3 * D)) D4=$((D0 + 4 * D))

# check DESC EXPECTED_FILE CMD...: runs CMD; exit 0, nothing on stderr, stdout as expected.
check() {
	_d=$1 _e=$2; shift 2
	run "$@"
	if [ "$code" -eq 0 ] && [ ! -s "$ERR" ]; then expect_out "$_d" "$_e"; else
		not_ok "$_d"; echo "#   exit status $code"; sed 's/^/#   stderr: /' "$ERR" | head -5; fi
}

# In every case below: returns r_i = E_i / E_(i-1) - 1 over the 5 closes
# (E_(-1) the cash), mean m and sample deviation sd (n - 1), downside
# dd = sqrt(sum(min(r,0)^2) / n); sharpe = m / sd * sqrt(252),
# sortino = m / dd * sqrt(252), annual_return = ((E/cash)^(252/n) - 1)
# * 100, annual_volatility = sd * sqrt(252) * 100, cagr = ((E/cash)^(365.25
# days / duration) - 1) * 100 with duration 4 days, calmar =
# annual_return / |max_drawdown|. Numbers are written rounded to 8
# decimals. The floating-point values were checked with python3's
# statistics.mean/stdev on the returns listed.

# --- 1. Fees on both sides, next-open fill, a target gapped through -----
# cash 1000, fee 1%, --tp 10%; a long signal at D0's close.
# D1 open 100: size = floor(1000 / (100 * 1.01)) = floor(9.90) = 9;
#   entry fee 100 * 9 * 0.01 = 9; cash 1000 - 900 - 9 = 91; target 110.
#   D1: high 102 < 110; E = 91 + 9 * 101 = 1000.  D2: E = 91 + 9 * 107 = 1054.
# D3 opens at 112, beyond the target: target_gap, filled at the open 112
#   (no slippage on targets); exit fee 112 * 9 * 0.01 = 10.08;
#   fees 9 + 10.08 = 19.08; pnl 9 * (112 - 100) - 19.08 = 88.92;
#   return 88.92 / 900 = 9.88%; bars 3 - 1 = 2; cash 91 + 1008 - 10.08 = 1088.92.
# Summary: exposure 2 of 5 closes = 40%; return 8.892%; buy and hold from
#   D0's close 100 to 114 = 14%; r = 0, 0, .054, 1088.92/1054 - 1, 0:
#   sharpe 11.0757..., volatility 39.6489...%; no negative return: sortino
#   null; no drawdown: calmar null, drawdowns 0; one winning trade: win rate
#   100, best = worst = avg = 9.88, profit factor null (no loss), sqn null
#   (one trade), kelly null, expectancy 88.92; annual ((1.08892)^(252/5)
#   - 1) = 7221.45%, cagr (1.08892^(365.25/4) - 1) = 238788.32%.
{ bar $D0 100 101 99 100; sig $D0 long; bar $D1 100 102 99 101; bar $D2 105 108 104 107
  bar $D3 112 115 111 113; bar $D4 113 114 112 114; } >"$TMP/c1.nd"
cat >"$TMP/c1.want" <<'EOF'
{"type":"trade","symbol":"A","tf":"1D","side":"long","size":9,"entry_t":1704153600,"entry":100,"exit_t":1704326400,"exit":112,"fees":19.08,"pnl":88.92,"return_pct":9.88,"bars":2,"reason":"target_gap"}
{"type":"summary","symbol":"A","tf":"1D","strategy":"signals","fill":"open","start":1704067200,"end":1704412800,"duration_s":345600,"bars":5,"cash":1000,"exposure_pct":40,"final_equity":1088.92,"peak_equity":1088.92,"return_pct":8.892,"buy_hold_return_pct":14,"annual_return_pct":7221.45022695,"annual_volatility_pct":39.64893688,"cagr_pct":238788.32238761,"sharpe":11.07570393,"sortino":null,"calmar":null,"max_drawdown_pct":0,"avg_drawdown_pct":0,"max_drawdown_bars":0,"avg_drawdown_bars":0,"trades":1,"win_rate_pct":100,"best_trade_pct":9.88,"worst_trade_pct":9.88,"avg_trade_pct":9.88,"max_trade_bars":2,"avg_trade_bars":2,"profit_factor":null,"expectancy":88.92,"sqn":null,"kelly":null,"fees":19.08,"risk_halts":0,"periods_per_year":252}
EOF
check "fees both sides, next-open fill, target gapped through" "$TMP/c1.want" \
	backtest --cash 1000 --fee 0.01 --tp 10% "$TMP/c1.nd"

# --- 2. Stop and target inside one bar (stop wins); a gap through the stop
# cash 1000, --sl 5% --tp 5%, no fee; long signals at D0 and D1.
# D1 open 100: size floor(1000 / 100) = 10, stop 95, target 105; the bar's
#   low 94 reaches the stop and its high 106 the target: the stop wins,
#   filled at 95: pnl 10 * (95 - 100) = -50, -5%, bars 0; cash 950 = E1.
# D1's close signals long again, flat now: D2 open 100: size
#   floor(950 / 100) = 9, cash 50; E2 = 50 + 900 = 950.
# D3 opens at 90, below the stop 95: stop_gap at the open 90: pnl
#   9 * (90 - 100) = -90, -10%, bars 1; cash 50 + 810 = 860 = E3 = E4.
# Summary: exposure 1/5 = 20% (D1's trade ended inside the bar); return
#   -14%; buy and hold 100 -> 92 = -8%; peak 1000; one drawdown from D0,
#   not recovered: -14% over 4 bars; r = 0, -.05, 0, 860/950 - 1, 0:
#   sharpe -10.7675..., sortino -9.5921..., calmar annual / 14; trades 2,
#   win rate 0, best -5, worst -10, avg -7.5, avg bars 0.5, profit factor
#   0 / 140 = 0, expectancy -70, sqn sqrt(2) * -70 / stdev(-50, -90) =
#   sqrt(2) * -70 / 28.28 = -3.5, kelly null (no win).
{ bar $D0 100 100 100 100; sig $D0 long; bar $D1 100 106 94 100; sig $D1 long
  bar $D2 100 101 99 100; bar $D3 90 92 89 91; bar $D4 91 92 90 92; } >"$TMP/c2.nd"
cat >"$TMP/c2.want" <<'EOF'
{"type":"trade","symbol":"A","tf":"1D","side":"long","size":10,"entry_t":1704153600,"entry":100,"exit_t":1704153600,"exit":95,"fees":0,"pnl":-50,"return_pct":-5,"bars":0,"reason":"stop"}
{"type":"trade","symbol":"A","tf":"1D","side":"long","size":9,"entry_t":1704240000,"entry":100,"exit_t":1704326400,"exit":90,"fees":0,"pnl":-90,"return_pct":-10,"bars":1,"reason":"stop_gap"}
{"type":"summary","symbol":"A","tf":"1D","strategy":"signals","fill":"open","start":1704067200,"end":1704412800,"duration_s":345600,"bars":5,"cash":1000,"exposure_pct":20,"final_equity":860,"peak_equity":1000,"return_pct":-14,"buy_hold_return_pct":-8,"annual_return_pct":-99.95002855,"annual_volatility_pct":67.7476988,"cagr_pct":-99.99989555,"sharpe":-10.76750498,"sortino":-9.59216639,"calmar":-7.13928775,"max_drawdown_pct":-14,"avg_drawdown_pct":-14,"max_drawdown_bars":4,"avg_drawdown_bars":4,"trades":2,"win_rate_pct":0,"best_trade_pct":-5,"worst_trade_pct":-10,"avg_trade_pct":-7.5,"max_trade_bars":1,"avg_trade_bars":0.5,"profit_factor":0,"expectancy":-70,"sqn":-3.5,"kelly":null,"fees":0,"risk_halts":0,"periods_per_year":252}
EOF
check "stop and target in one bar: the stop wins; a gap through the stop" "$TMP/c2.want" \
	backtest --cash 1000 --sl 5% --tp 5% "$TMP/c2.nd"

# --- 3. A short with slippage and fees (signals from --signals) -------
# cash 1000, slippage 1%, fee 0.1%; short at D0's close, flat at D2's.
# D1 open 50: a sell fills at 50 * 0.99 = 49.5; size floor(1000 / (49.5 *
#   1.001)) = floor(20.18) = 20; entry fee 49.5 * 20 * 0.001 = 0.99;
#   cash 1000 + 990 - 0.99 = 1989.01; E1 = 1989.01 - 20 * 48 = 1029.01,
#   E2 = 1989.01 - 20 * 46 = 1069.01.
# D3 open 44: the buy fills at 44 * 1.01 = 44.44; exit fee 44.44 * 20 *
#   0.001 = 0.8888; fees 1.8788; pnl 20 * (49.5 - 44.44) - 1.8788 =
#   101.2 - 1.8788 = 99.3212; return 99.3212 / 990 = 10.03244444%; bars 2;
#   cash 1989.01 - 888.8 - 0.8888 = 1099.3212.
# Summary: exposure 40%; return 9.93212%; buy and hold 50 -> 45 = -10%;
#   r = 0, .02901, .0388723..., .0283545..., 0: sharpe 16.9204...; no
#   negative return, no drawdown; one winning trade.
{ bar $D0 50 51 49 50; bar $D1 50 51 47 48; bar $D2 47 48 45 46; bar $D3 44 45 43 44
  bar $D4 44 45 43 45; } >"$TMP/c3.nd"
{ sig $D0 short; sig $D2 flat; } >"$TMP/c3.sig"
cat >"$TMP/c3.want" <<'EOF'
{"type":"trade","symbol":"A","tf":"1D","side":"short","size":20,"entry_t":1704153600,"entry":49.5,"exit_t":1704326400,"exit":44.44,"fees":1.8788,"pnl":99.3212,"return_pct":10.03244444,"bars":2,"reason":"signal"}
{"type":"summary","symbol":"A","tf":"1D","strategy":"signals","fill":"open","start":1704067200,"end":1704412800,"duration_s":345600,"bars":5,"cash":1000,"exposure_pct":40,"final_equity":1099.3212,"peak_equity":1099.3212,"return_pct":9.93212,"buy_hold_return_pct":-10,"annual_return_pct":11721.70190947,"annual_volatility_pct":28.66556536,"cagr_pct":569002.29235809,"sharpe":16.92041757,"sortino":null,"calmar":null,"max_drawdown_pct":0,"avg_drawdown_pct":0,"max_drawdown_bars":0,"avg_drawdown_bars":0,"trades":1,"win_rate_pct":100,"best_trade_pct":10.03244444,"worst_trade_pct":10.03244444,"avg_trade_pct":10.03244444,"max_trade_bars":2,"avg_trade_bars":2,"profit_factor":null,"expectancy":99.3212,"sqn":null,"kelly":null,"fees":1.8788,"risk_halts":0,"periods_per_year":252}
EOF
check "a short with slippage and fees" "$TMP/c3.want" \
	backtest --cash 1000 --slippage 0.01 --fee 0.001 --signals "$TMP/c3.sig" "$TMP/c3.nd"

# --- 4. A daily-loss halt (hourly bars over two UTC days) -------------
# cash 1000, --daily-loss 5%; long signals at 00:00, 02:00 and 03:00 of
# day 1 (Tuesday 2024-01-02) and at 00:00 of day 2.
# 01:00 open 100: size 10, cash 0; close 94: E = 940 <= 1000 * 0.95 (the
#   day starts from the cash): halted for the rest of the day, flatten at
#   the next open.
# 02:00 open 95: risk_halt exit: pnl 10 * (95 - 100) = -50, -5%, bars 1;
#   cash 950. The long signals at 02:00 and 03:00 are ignored (halted).
# Day 2 starts from E = 950; its 00:00 long fills at 01:00's open 97:
#   size floor(950 / 97) = 9, cash 950 - 873 = 77; E = 77 + 9 * 98 = 959,
#   then 77 + 9 * 99 = 968 at the end: an open trade, pnl 9 * 2 = 18,
#   return 18 / 873 = 2.06185567%, bars 1.
# Summary: 7 bars over 2 days, no weekend: 252 * 7 / 2 = 882 periods a
#   year; exposure 3/7 = 42.857...%; return -3.2%; buy and hold 100 -> 99
#   = -1%; drawdown -6% (940 from 1000), not recovered, 6 bars; closed
#   trades 1 (the open one is left out): win rate 0, profit factor 0,
#   expectancy -50; risk_halts 1; duration 26 h = 93600 s.
TF=1h
E0=$((D0 + D)) E1=$((D0 + 2 * D))
{ bar $E0 100 100 100 100; sig $E0 long; bar $((E0 + H)) 100 100 93 94
  bar $((E0 + 2 * H)) 95 96 94 95; sig $((E0 + 2 * H)) long
  bar $((E0 + 3 * H)) 95 96 94 96; sig $((E0 + 3 * H)) long
  bar $E1 96 97 95 97; sig $E1 long; bar $((E1 + H)) 97 99 96 98
  bar $((E1 + 2 * H)) 98 100 97 99; } >"$TMP/c4.nd"
TF=1D
cat >"$TMP/c4.want" <<'EOF'
{"type":"trade","symbol":"A","tf":"1h","side":"long","size":10,"entry_t":1704157200,"entry":100,"exit_t":1704160800,"exit":95,"fees":0,"pnl":-50,"return_pct":-5,"bars":1,"reason":"risk_halt"}
{"type":"trade","symbol":"A","tf":"1h","side":"long","size":9,"entry_t":1704243600,"entry":97,"exit_t":1704247200,"exit":99,"fees":0,"pnl":18,"return_pct":2.06185567,"bars":1,"open":true}
{"type":"summary","symbol":"A","tf":"1h","strategy":"signals","fill":"open","start":1704153600,"end":1704247200,"duration_s":93600,"bars":7,"cash":1000,"exposure_pct":42.85714286,"final_equity":968,"peak_equity":1000,"return_pct":-3.2,"buy_hold_return_pct":-1,"annual_return_pct":-98.33928533,"annual_volatility_pct":74.32612704,"cagr_pct":-99.99827089,"sharpe":-5.17100602,"sortino":-5.70663406,"calmar":-16.38988089,"max_drawdown_pct":-6,"avg_drawdown_pct":-6,"max_drawdown_bars":6,"avg_drawdown_bars":6,"trades":1,"win_rate_pct":0,"best_trade_pct":-5,"worst_trade_pct":-5,"avg_trade_pct":-5,"max_trade_bars":1,"avg_trade_bars":1,"profit_factor":0,"expectancy":-50,"sqn":null,"kelly":null,"fees":0,"risk_halts":1,"periods_per_year":882}
EOF
check "a daily-loss halt" "$TMP/c4.want" backtest --cash 1000 --daily-loss 5% "$TMP/c4.nd"

# --- 5. A max-drawdown halt --------------------------------------------
# cash 1000, --max-drawdown 0.1; long at D0's close and again at D3's.
# D1 open 100: size 10; E1 = 960; E2 = 890 <= 1000 * 0.9: halted for good,
#   flatten at the next open: D3 open 90, risk_halt, pnl -100, -10%,
#   bars 2; cash 900. The long at D3 is ignored.
# Summary: exposure 2/5 = 40%; return -10%; buy and hold 100 -> 93 = -7%;
#   max drawdown 890 / 1000 - 1 = -11%, not recovered, 4 bars; risk_halts 1.
{ bar $D0 100 100 100 100; sig $D0 long; bar $D1 100 101 95 96; bar $D2 96 96 88 89
  bar $D3 90 92 89 91; sig $D3 long; bar $D4 91 93 90 93; } >"$TMP/c5.nd"
cat >"$TMP/c5.want" <<'EOF'
{"type":"trade","symbol":"A","tf":"1D","side":"long","size":10,"entry_t":1704153600,"entry":100,"exit_t":1704326400,"exit":90,"fees":0,"pnl":-100,"return_pct":-10,"bars":2,"reason":"risk_halt"}
{"type":"summary","symbol":"A","tf":"1D","strategy":"signals","fill":"open","start":1704067200,"end":1704412800,"duration_s":345600,"bars":5,"cash":1000,"exposure_pct":40,"final_equity":900,"peak_equity":1000,"return_pct":-10,"buy_hold_return_pct":-7,"annual_return_pct":-99.50589133,"annual_volatility_pct":55.98602442,"cagr_pct":-99.9933661,"sharpe":-9.15354844,"sortino":-8.67960521,"calmar":-9.04599012,"max_drawdown_pct":-11,"avg_drawdown_pct":-11,"max_drawdown_bars":4,"avg_drawdown_bars":4,"trades":1,"win_rate_pct":0,"best_trade_pct":-10,"worst_trade_pct":-10,"avg_trade_pct":-10,"max_trade_bars":2,"avg_trade_bars":2,"profit_factor":0,"expectancy":-100,"sqn":null,"kelly":null,"fees":0,"risk_halts":1,"periods_per_year":252}
EOF
check "a max-drawdown halt" "$TMP/c5.want" backtest --cash 1000 --max-drawdown 0.1 "$TMP/c5.nd"

# --- 6. Fill at the close, a trailing stop ----------------------------
# cash 1000, --fill close, --trail 10%: long at D0's close 100, size 10.
# Stops are checked from D1 on, each bar against the best high before it:
#   D1: 100 * 0.9 = 90, low 95: held; best 110.  D2: 99, low 100: held;
#   best 112.  D3: 112 * 0.9 = 100.8, low 100: stop at 100.8: pnl 8, 0.8%,
#   bars 3.
# Summary: fill "close"; E = 1000, 1050, 1100, 1008, 1008: peak 1100,
#   drawdown 1008 / 1100 - 1 = -8.36363636% over 2 bars (D2 to D4);
#   exposure 3/5 = 60%; buy and hold 100 -> 100 = 0.
{ bar $D0 100 100 100 100; sig $D0 long; bar $D1 100 110 95 105; bar $D2 108 112 100 110
  bar $D3 110 111 100 101; bar $D4 101 102 99 100; } >"$TMP/c6.nd"
cat >"$TMP/c6.want" <<'EOF'
{"type":"trade","symbol":"A","tf":"1D","side":"long","size":10,"entry_t":1704067200,"entry":100,"exit_t":1704326400,"exit":100.8,"fees":0,"pnl":8,"return_pct":0.8,"bars":3,"reason":"stop"}
{"type":"summary","symbol":"A","tf":"1D","strategy":"signals","fill":"close","start":1704067200,"end":1704412800,"duration_s":345600,"bars":5,"cash":1000,"exposure_pct":60,"final_equity":1008,"peak_equity":1100,"return_pct":0.8,"buy_hold_return_pct":0,"annual_return_pct":49.42071778,"annual_volatility_pct":85.94075002,"cagr_pct":107.00929116,"sharpe":0.82001527,"sortino":1.18689054,"calmar":5.90899886,"max_drawdown_pct":-8.36363636,"avg_drawdown_pct":-8.36363636,"max_drawdown_bars":2,"avg_drawdown_bars":2,"trades":1,"win_rate_pct":100,"best_trade_pct":0.8,"worst_trade_pct":0.8,"avg_trade_pct":0.8,"max_trade_bars":3,"avg_trade_bars":3,"profit_factor":null,"expectancy":8,"sqn":null,"kelly":null,"fees":0,"risk_halts":0,"periods_per_year":252}
EOF
check "fill at the close, a trailing stop" "$TMP/c6.want" \
	backtest --cash 1000 --fill close --trail 10% "$TMP/c6.nd"

# --- Equity records ------------------------------------------------------
# Case 2 with --equity: one record per bar before the bar's trades are
# reported... in the order the closes happen: E = 1000, 950, 950, 860, 860.
run backtest --cash 1000 --sl 5% --tp 5% --equity "$TMP/c2.nd"
jq -r 'select(.type == "equity") | "\(.t - '$D0') \(.equity) \(.drawdown_pct)"' "$OUT" >"$TMP/eq"
printf '0 1000 0\n86400 950 -5\n172800 950 -5\n259200 860 -14\n345600 860 -14\n' >"$TMP/eq.want"
_expect_file "--equity: equity and drawdown at every close" "$TMP/eq.want" "$TMP/eq"
jq -c 'select(.type != "equity")' "$OUT" >"$TMP/noeq"
_expect_file "--equity adds equity records only" "$TMP/c2.want" "$TMP/noeq"

# --- A signal after its bar, in the stream, still acts at its close ------
# (case 2 with each signal after its bar rather than before it)
{ bar $D0 100 100 100 100; sig $D0 long; bar $D1 100 106 94 100; sig $D1 long
  bar $D2 100 101 99 100; bar $D3 90 92 89 91; bar $D4 91 92 90 92; } >"$TMP/late.nd"
check "a signal right after its bar acts at that bar's close" "$TMP/c2.want" \
	backtest --cash 1000 --sl 5% --tp 5% "$TMP/late.nd"
# 'neutral' counts as flat: case 3 with its signals in the stream.
{ bar $D0 50 51 49 50; sig $D0 short; bar $D1 50 51 47 48; bar $D2 47 48 45 46
  sig $D2 neutral; bar $D3 44 45 43 44; bar $D4 44 45 43 45; } >"$TMP/c3s.nd"
run backtest --cash 1000 --slippage 0.01 --fee 0.001 "$TMP/c3s.nd"
expect_out "in-stream signals, neutral as flat, equal --signals" "$TMP/c3.want"

# --- No look-ahead ---------------------------------------------------------
# Changing bars k+1..n never changes a decision or a fill up to bar k: the
# equity records up to bar k, the trades closed by then and the entries
# made by then are the same when every later price is raised by 30%.
bars-synth --seed 11 --bars 600 --tf 1h >"$TMP/la.nd"
for k in 40 200 450; do
	tk=$(jq -s ".[$k].t" "$TMP/la.nd")
	jq -c "if .t > $tk then .o *= 1.3 | .h *= 1.3 | .l *= 1.3 | .c *= 1.3 else . end" \
		"$TMP/la.nd" >"$TMP/la2.nd"
	for args in "--strategy sma-cross:5,12" "--strategy ema-cross:4,9 --fill close" \
		"--strategy rsi:6,35,65 --sl 2atr --tp 3% --slippage 0.0005" \
		"--strategy breakout:10 --trail 1% --fee 0.001 --long-only" \
		"--strategy sma-cross:3,8 --max-drawdown 2% --daily-loss 1% --size 50%"; do
		# shellcheck disable=SC2086
		backtest $args --equity "$TMP/la.nd" >"$TMP/la.out" 2>&1
		# shellcheck disable=SC2086
		backtest $args --equity "$TMP/la2.nd" >"$TMP/la2.out" 2>&1
		f="select((.type == \"equity\" and .t <= $tk) or (.type == \"trade\" and .exit_t <= $tk and (.open | not)))"
		g="select(.type == \"trade\" and .entry_t <= $tk) | [.side, .size, .entry_t, .entry]"
		jq -c "$f" "$TMP/la.out" >"$TMP/a"; jq -c "$f" "$TMP/la2.out" >"$TMP/b"
		jq -c "$g" "$TMP/la.out" >>"$TMP/a"; jq -c "$g" "$TMP/la2.out" >>"$TMP/b"
		n=$(grep -c '"trade"' "$TMP/a")
		if [ "$(wc -l <"$TMP/a")" -gt "$k" ] && cmp -s "$TMP/a" "$TMP/b" && ! cmp -s "$TMP/la.out" "$TMP/la2.out"; then
			ok "no look-ahead: $args, bars after $k changed ($n trades up to it)"
		else
			not_ok "no look-ahead: $args, bars after $k changed"
			diff "$TMP/a" "$TMP/b" | head -5 | sed 's/^/#   /'
		fi
	done
done

# --- GOOG: SMA 10/20, cash 10000, fee 0.002, against a plain loop ---------
# tests/data/backtest-goog.py reads the CSV itself and runs the same rules
# in a plain Python loop (no pandas), then compares every trade, field by
# field (prices and money to 1e-8 relative).
if command -v python3 >/dev/null 2>&1; then
	run bars-import "$SHARE/GOOG.csv"
	cp "$OUT" "$TMP/goog.nd"
	run backtest --strategy sma-cross:10,20 --cash 10000 --fee 0.002 "$TMP/goog.nd"
	expect_code "GOOG sma-cross:10,20" 0
	cp "$OUT" "$TMP/goog.out"
	if python3 "$DATA/backtest-goog.py" "$SHARE/GOOG.csv" "$TMP/goog.out" >"$TMP/py" 2>&1; then
		ok "GOOG sma-cross:10,20: every trade equals the plain loop's ($(tail -1 "$TMP/py"))"
	else
		not_ok "GOOG sma-cross:10,20: every trade equals the plain loop's"
		head -10 "$TMP/py" | sed 's/^/#   /'
	fi
	[ "$(grep -c '"type":"trade"' "$TMP/goog.out")" -eq 94 ] && ok "GOOG: 94 trades (93 closed, 1 open)" ||
		not_ok "GOOG: 94 trades: $(grep -c '"type":"trade"' "$TMP/goog.out")"
	jq -r 'select(.type == "summary") | "\(.trades) \(.final_equity) \(.periods_per_year) \(.start) \(.end)"' \
		"$TMP/goog.out" >"$TMP/s"
	jq -s -r '[.[] | select(.type == "trade")] | "\(map(select(.open | not)) | length) \(10000 + (map(.pnl) | add))"' \
		"$TMP/goog.out" >"$TMP/s2"
	read -r ntr fe ppy st en <"$TMP/s"
	read -r ntr2 fe2 <"$TMP/s2"
	if [ "$ntr" = "$ntr2" ] && awk -v a="$fe" -v b="$fe2" 'BEGIN { exit !(a - b < 1e-6 && b - a < 1e-6) }' &&
		[ "$ppy" = 252 ] && [ "$st" = 1092873600 ] && [ "$en" = 1362096000 ]; then
		ok "GOOG summary: $ntr closed trades, final equity $fe = cash + the trades' pnl, 252 periods a year"
	else
		not_ok "GOOG summary: $ntr/$ntr2 trades, final equity $fe vs $fe2, ppy $ppy, $st..$en"
	fi
else
	not_ok "python3 is needed for the GOOG cross-check"
fi

# --- Several symbols: each simulated on its own --------------------------
bars-synth --seed 4 --symbols 3 --bars 300 --tf 1h >"$TMP/multi.nd"
run backtest --strategy sma-cross:5,20 --fee 0.001 "$TMP/multi.nd"
expect_code "three interleaved symbols" 0
cp "$OUT" "$TMP/multi.out"
[ "$(jq -c 'select(.type == "summary") | .symbol' "$TMP/multi.out" | tr '\n' ' ')" = '"SYN1" "SYN2" "SYN3" ' ] &&
	ok "one summary per symbol, in order of appearance" || not_ok "one summary per symbol"
same=1
for s in SYN1 SYN2 SYN3; do
	jq -c "select(.symbol == \"$s\")" "$TMP/multi.nd" >"$TMP/one.nd"
	backtest --strategy sma-cross:5,20 --fee 0.001 "$TMP/one.nd" >"$TMP/one.out"
	jq -c "select(.symbol == \"$s\")" "$TMP/multi.out" >"$TMP/one.mine"
	cmp -s "$TMP/one.out" "$TMP/one.mine" || same=0
done
[ $same = 1 ] && ok "each symbol's records equal a run on that symbol alone" || not_ok "each symbol alone"

# --- buy-hold on GOOG: one open trade, from the second bar's open -------
# 1000 / 101.01 = 9.9000099 units (--fractional); marked at the last close
# 806.19: pnl 9.9000099 * (806.19 - 101.01) = 6981.28898129.
run backtest --strategy buy-hold --fractional --cash 1000 "$TMP/goog.nd"
jq -r 'select(.type == "trade") | "\(.open) \(.entry_t) \(.entry) \(.size) \(.exit) \(.pnl)"' "$OUT" >"$TMP/bh"
echo "true 1092960000 101.01 9.9000099 806.19 6981.28898129" >"$TMP/bh.want"
_expect_file "buy-hold: one open trade of 1000 / 101.01 units" "$TMP/bh.want" "$TMP/bh"

# --- Help, version ---------------------------------------------------------
run backtest --version
expect_out_text "--version" "backtest (tickline) 0.1.0"
