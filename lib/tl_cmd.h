/* tl_cmd.h: chart commands (LOAD:SYM, SUPPORT:PRICE, ...): parsing and text. */
#ifndef TL_CMD_H
#define TL_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"

/*
 * The grammar of a chart command, the text agents embed in answers and
 * charts execute (tickline(7), CHART COMMANDS): a keyword, then its
 * arguments, each after a ':'.
 *
 *   LOAD:SYM                   SYM: 1 to 63 bytes, no ':' nor control byte
 *   TIMEFRAME:TF               TF: a timeframe code (1m .. 1Mo)
 *   SUPPORT:PRICE  RESISTANCE:PRICE  ENTRY:PRICE  STOP:PRICE  TARGET:PRICE
 *   TRENDLINE:T1:P1:T2:P2      T1 != T2
 *   PATTERN:NAME:T_START:T_END NAME: 1 to 63 of [A-Za-z0-9_-]; T_START <= T_END
 *   CLEAR
 *
 * Keywords are matched without regard to case; blanks around the whole text
 * are ignored, none are allowed inside. A PRICE is a JSON number (finite);
 * a time is whole epoch seconds within years 0000 to 9999.
 */
enum tl_cmd_kind {
	TL_CMD_LOAD,
	TL_CMD_TIMEFRAME,
	TL_CMD_SUPPORT,
	TL_CMD_RESISTANCE,
	TL_CMD_TRENDLINE,
	TL_CMD_PATTERN,
	TL_CMD_ENTRY,
	TL_CMD_STOP,
	TL_CMD_TARGET,
	TL_CMD_CLEAR,
	TL_CMD_COUNT
};

/* Longest pattern name a PATTERN command takes, in bytes. */
#define TL_CMD_NAME_MAX 63

/* One parsed command; the fields its kind uses are set, the others zero. */
struct tl_cmd {
	int kind;                       /* enum tl_cmd_kind */
	char symbol[TL_SYMBOL_MAX + 1]; /* LOAD */
	int tf;                         /* TIMEFRAME: enum tl_tf */
	double price;   /* SUPPORT, RESISTANCE, ENTRY, STOP, TARGET */
	int64_t t1, t2; /* TRENDLINE anchors; PATTERN start and end */
	double p1, p2;  /* TRENDLINE anchor prices */
	char name[TL_CMD_NAME_MAX + 1]; /* PATTERN */
};

/* Returns the keyword of kind ("SUPPORT"). */
const char *tl_cmd_keyword(int kind);

/* What tl_cmd_parse() returns for a text that is not a command. */
enum { TL_CMD_MALFORMED = -1, TL_CMD_UNKNOWN = -2 };

/*
 * Parses the command text s[0..len) into *c. Returns 0; TL_CMD_UNKNOWN
 * when the keyword is none of the above; or TL_CMD_MALFORMED with what is
 * wrong in err ("PRICE is not a number", "expected SUPPORT:PRICE").
 */
int tl_cmd_parse(const char *s, size_t len, struct tl_cmd *c, char *err,
                 size_t errlen);

/* Longest text tl_cmd_format() writes, with its NUL. */
#define TL_CMD_MAX 160

/*
 * Writes c as command text into buf (TL_CMD_MAX bytes): upper-case
 * keyword, prices as tl_num_format() writes them, so that parsing the text
 * gives c back. Returns the length.
 */
size_t tl_cmd_format(const struct tl_cmd *c, char *buf);

#endif
