/*
 * mutate: single-point mutants of C source files, for tests/mutate/run.
 *
 *   mutate list FILE.c...     one line per mutant:
 *                             ID <TAB> FILE:LINE <TAB> BEFORE -> AFTER
 *   mutate apply ID FILE.c    FILE.c with mutant ID applied, on stdout
 *
 * It works lexically, line by line: comments, string and character literals
 * and preprocessor lines are never mutated. A mutant replaces one range of
 * one line. Its id is FILE:HASH:KIND:N, FILE the base name, HASH the FNV-1a
 * hash of the line's text without leading and trailing blanks (".K" added
 * for the K-th line, K >= 2, of the same text in the file), KIND the
 * operator, N the mutant's rank among that line's mutants of that kind: an
 * id does not change when other lines are edited.
 *
 * Operators (KIND):
 *   rel     < <=, <= <, > >=, >= >, == !=, != ==, < >, > <
 *   arith   binary + -, - +, * /, += -=, -= +=
 *   logic   && ||, || &&, a unary ! dropped
 *   const   integer literal +1 and -1 (0 only +1)
 *   stmt    a whole line that is one or more expression statements or
 *           calls, ending in ';', replaced by ';' (return, break, goto,
 *           declarations and continuation lines are left alone)
 *   errchk  if (COND) -> if (0), COND on one line holding < 0, == -1,
 *           == NULL or != 0
 *   order   htons(X) -> (X), and ntohs, htonl, ntohl
 *   swap    the first two arguments of a call swapped, both simple (no
 *           call, comma, literal string or declaration inside)
 *   flag    a MSG_, SO_, SOL_, O_, POLL, EPOLL, SOCK_, AI_, NI_, SA_,
 *           IPPROTO_ constant or SIG_IGN/SIG_DFL -> 0, where it is a call
 *           argument, an operand of |, or the right side of =
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mutate.h"

/* ---- the line lexer ---------------------------------------------------- */

void
lex_state_init(struct lex_state *st)
{
	st->in_block_comment = false;
	st->in_preproc = false;
}

/*
 * Fills CODE (LEN + 1 bytes) with LINE where code, a blank where comment or
 * preprocessor, and 'S' for each byte of a string or character literal (an
 * operand no operator matches). Returns false for a line with no code.
 */
bool
lex_line(struct lex_state *st, const char *line, size_t len, char *code)
{
	size_t i = 0;
	bool any = false;

	memset(code, ' ', len);
	code[len] = '\0';
	if (st->in_preproc) {
		st->in_preproc = len > 0 && line[len - 1] == '\\';
		return false;
	}
	if (!st->in_block_comment) {
		size_t k = 0;
		while (k < len && isspace((unsigned char)line[k]))
			k++;
		if (k < len && line[k] == '#') {
			st->in_preproc = line[len - 1] == '\\';
			return false;
		}
	}
	while (i < len) {
		if (st->in_block_comment) {
			if (line[i] == '*' && i + 1 < len && line[i + 1] == '/') {
				st->in_block_comment = false;
				i += 2;
			} else {
				i++;
			}
			continue;
		}
		if (line[i] == '/' && i + 1 < len && line[i + 1] == '*') {
			st->in_block_comment = true;
			i += 2;
			continue;
		}
		if (line[i] == '/' && i + 1 < len && line[i + 1] == '/')
			break;
		if (line[i] == '"' || line[i] == '\'') {
			char q = line[i];
			code[i++] = 'S';
			while (i < len && line[i] != q) {
				if (line[i] == '\\' && i + 1 < len)
					code[i++] = 'S';
				code[i++] = 'S';
			}
			if (i < len)
				code[i++] = 'S';
			any = true;
			continue;
		}
		code[i] = line[i];
		if (!isspace((unsigned char)line[i]))
			any = true;
		i++;
	}
	return any;
}

/* ---- helpers ------------------------------------------------------------- */

static bool
is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static bool
is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

/* The last non-blank byte of CODE before I, or 0. Sets *AT. */
static char
prev_char(const char *code, size_t i, size_t *at)
{
	if (at)
		*at = 0;
	while (i > 0) {
		i--;
		if (!isspace((unsigned char)code[i])) {
			if (at)
				*at = i;
			return code[i];
		}
	}
	return 0;
}

static char
next_char(const char *code, size_t len, size_t i, size_t *at)
{
	while (i < len && isspace((unsigned char)code[i]))
		i++;
	if (at)
		*at = i;
	return i < len ? code[i] : 0;
}

/* The word (identifier or keyword) ending at END (exclusive) in CODE. */
static size_t
word_before(const char *code, size_t end, char *out, size_t outsz)
{
	size_t s = end, n;

	while (s > 0 && is_ident_char(code[s - 1]))
		s--;
	n = end - s;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, code + s, n);
	out[n] = '\0';
	return s;
}

static bool
word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

static const char *const type_words[] = {
	"char", "short", "int", "long", "float", "double", "void", "signed",
	"unsigned", "const", "volatile", "static", "extern", "struct", "union",
	"enum", "size_t", "ssize_t", "socklen_t", "uint8_t", "uint16_t",
	"uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t", "int64_t",
	"in_port_t", "in_addr_t", "FILE", "bool", "pid_t", "nfds_t", "register",
	"restrict", "inline", "sa_family_t", NULL
};

static const char *const unary_words[] = {
	"return", "sizeof", "case", "else", "do", NULL
};

/*
 * Whether the operator at I in CODE is binary: the token before it is an
 * operand (an identifier that is no keyword nor type, a number, a literal,
 * ')' or ']').
 */
static bool
binary_at(const char *code, size_t i)
{
	size_t at;
	char p = prev_char(code, i, &at);
	char w[64];

	if (p == ')' || p == ']' || p == 'S')
		return true;
	if (!is_ident_char(p))
		return false;
	{
		size_t ws = word_before(code, at + 1, w, sizeof w), pat;
		char pw[16];

		if (isdigit((unsigned char)w[0]))
			return true;
		if (word_in(w, type_words) || word_in(w, unary_words))
			return false;
		/* struct NAME *p: a declaration */
		if (is_ident_char(prev_char(code, ws, &pat))) {
			word_before(code, pat + 1, pw, sizeof pw);
			if (strcmp(pw, "struct") == 0 || strcmp(pw, "union") == 0 ||
			    strcmp(pw, "enum") == 0)
				return false;
		}
	}
	return true;
}

/* ---- mutant collection ---------------------------------------------------- */

static void
add(struct mutant_list *ml, int line, const char *kind, int *rank,
    size_t start, size_t end, const char *repl)
{
	struct mutant *m;

	if (ml->n == ml->cap) {
		ml->cap = ml->cap ? 2 * ml->cap : 64;
		ml->v = realloc(ml->v, ml->cap * sizeof *ml->v);
		if (!ml->v) {
			perror("mutate");
			exit(1);
		}
	}
	m = &ml->v[ml->n++];
	memset(m, 0, sizeof *m);
	m->line = line;
	snprintf(m->kind, sizeof m->kind, "%s", kind);
	m->rank = (*rank)++;
	m->start = start;
	m->end = end;
	snprintf(m->repl, sizeof m->repl, "%s", repl);
}

struct line_ctx {
	struct mutant_list *ml;
	int line;
	const char *text;
	const char *code;
	size_t len;
};

static void
op_rel(struct line_ctx *c)
{
	int rank = 0;
	const char *s = c->code;

	for (size_t i = 0; i < c->len; i++) {
		char a = s[i], b = i + 1 < c->len ? s[i + 1] : 0;
		char pv = i > 0 ? s[i - 1] : 0;

		if ((a == '=' || a == '!') && b == '=' && pv != '=' &&
		    !strchr("<>!=+-*/%&|^", pv)) {
			add(c->ml, c->line, "rel", &rank, i, i + 2,
			    a == '=' ? "!=" : "==");
			i++;
			continue;
		}
		if (a != '<' && a != '>')
			continue;
		if (a == '>' && pv == '-')
			continue; /* -> */
		if (b == a) { /* << >> <<= >>= */
			i += (i + 2 < c->len && s[i + 2] == '=') ? 2 : 1;
			continue;
		}
		if (b == '=') {
			add(c->ml, c->line, "rel", &rank, i, i + 2,
			    a == '<' ? "<" : ">");
			i++;
			continue;
		}
		add(c->ml, c->line, "rel", &rank, i, i + 1,
		    a == '<' ? "<=" : ">=");
		add(c->ml, c->line, "rel", &rank, i, i + 1, a == '<' ? ">" : "<");
	}
}

static void
op_arith(struct line_ctx *c)
{
	int rank = 0;
	const char *s = c->code;

	for (size_t i = 0; i < c->len; i++) {
		char a = s[i], b = i + 1 < c->len ? s[i + 1] : 0;

		if (a != '+' && a != '-' && a != '*')
			continue;
		if ((a == '+' || a == '-') && (b == a || b == '>')) {
			i++; /* ++ -- -> */
			continue;
		}
		if (b == '=') {
			if (a != '*')
				add(c->ml, c->line, "arith", &rank, i, i + 1,
				    a == '+' ? "-" : "+");
			i++;
			continue;
		}
		if (!binary_at(s, i))
			continue;
		if (a == '*' && next_char(s, c->len, i + 1, NULL) == ')')
			continue; /* a cast to a pointer */
		add(c->ml, c->line, "arith", &rank, i, i + 1,
		    a == '+' ? "-" : a == '-' ? "+" : "/");
	}
}

static void
op_logic(struct line_ctx *c)
{
	int rank = 0;
	const char *s = c->code;

	for (size_t i = 0; i < c->len; i++) {
		char a = s[i], b = i + 1 < c->len ? s[i + 1] : 0;

		if ((a == '&' || a == '|') && b == a) {
			add(c->ml, c->line, "logic", &rank, i, i + 2,
			    a == '&' ? "||" : "&&");
			i++;
		} else if (a == '!' && b != '=') {
			add(c->ml, c->line, "logic", &rank, i, i + 1, "");
		}
	}
}

static void
op_const(struct line_ctx *c)
{
	int rank = 0;
	const char *s = c->code;
	size_t i = 0;

	while (i < c->len) {
		size_t st = i, e;
		char buf[48], *endp;
		unsigned long long v;
		bool hex;

		if (is_ident_start(s[i])) {
			while (i < c->len && is_ident_char(s[i]))
				i++;
			continue;
		}
		if (!isdigit((unsigned char)s[i])) {
			i++;
			continue;
		}
		e = i;
		while (e < c->len && (isalnum((unsigned char)s[e]) ||
		    s[e] == '.'))
			e++;
		i = e;
		if (e - st >= sizeof buf)
			continue;
		memcpy(buf, s + st, e - st);
		buf[e - st] = '\0';
		if (strchr(buf, '.'))
			continue;
		hex = buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X');
		errno = 0;
		v = strtoull(buf, &endp, 0);
		if (errno || strspn(endp, "uUlL") != strlen(endp))
			continue;
		if (buf[0] == '0' && buf[1] && !hex)
			continue; /* octal: leave it */
		{
			size_t mpos;

			/* -N (a unary minus) is one literal: -1 -> 0 and -2 */
			if (prev_char(s, st, &mpos) == '-' && !binary_at(s, mpos) &&
			    !(mpos > 0 && s[mpos - 1] == '-')) {
				char out[64];

				snprintf(out, sizeof out, hex ? "-0x%" PRIxMAX "%s" :
				    "-%" PRIuMAX "%s", (uintmax_t)(v + 1), endp);
				add(c->ml, c->line, "const", &rank, mpos, e, out);
				snprintf(out, sizeof out, hex ? "-0x%" PRIxMAX "%s" :
				    "-%" PRIuMAX "%s", (uintmax_t)(v - 1), endp);
				add(c->ml, c->line, "const", &rank, mpos, e,
				    v == 1 ? "0" : out);
				continue;
			}
		}
		for (int d = 1; d >= -1; d -= 2) {
			char out[64];

			if (v == 0 && d < 0)
				continue;
			snprintf(out, sizeof out, hex ? "0x%" PRIxMAX "%s" :
			    "%" PRIuMAX "%s", (uintmax_t)(d > 0 ? v + 1 : v - 1),
			    endp);
			add(c->ml, c->line, "const", &rank, st, e, out);
		}
	}
}

static const char *const stmt_stop_words[] = {
	"return", "break", "continue", "goto", "if", "for", "while", "do",
	"else", "case", "default", "switch", "typedef", NULL
};

/*
 * stmt: the line is whole statements. PREV_END is the last code byte of
 * the previous code line (0 at the start), DEPTH the parenthesis depth
 * at the line's start.
 */
static void
op_stmt(struct line_ctx *c, char prev_end, bool prev_else, int depth)
{
	int rank = 0, d = 0;
	const char *s = c->code;
	size_t a = 0, b = c->len, k;
	char w[64];

	if (depth != 0)
		return;
	if (prev_end && !strchr(";{}):", prev_end) && !prev_else)
		return;
	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	if (b <= a || s[b - 1] != ';')
		return;
	for (k = a; k < b; k++) {
		if (s[k] == '(')
			d++;
		else if (s[k] == ')' && --d < 0)
			return;
		else if (s[k] == '{' || s[k] == '}')
			return;
	}
	if (d != 0)
		return;
	if (is_ident_start(s[a])) {
		size_t e = a, n;

		while (e < b && is_ident_char(s[e]))
			e++;
		word_before(s, e, w, sizeof w);
		if (word_in(w, stmt_stop_words) || word_in(w, type_words))
			return;
		/* identifier then: ( = op= ++ -- [ . -> ; */
		n = e;
		while (n < b && isspace((unsigned char)s[n]))
			n++;
		if (n >= b)
			return;
		if (!(s[n] == '(' || s[n] == '[' || s[n] == '.' ||
		    (s[n] == '=' && s[n + 1] != '=') ||
		    (strchr("+-*/%&|^", s[n]) && n + 1 < b &&
		    (s[n + 1] == '=' || s[n + 1] == s[n] || s[n + 1] == '>')) ||
		    ((s[n] == '<' || s[n] == '>') && n + 2 < b &&
		    s[n + 1] == s[n] && s[n + 2] == '=')))
			return;
	} else if (!(s[a] == '*' || s[a] == '(' ||
	    (s[a] == '+' && s[a + 1] == '+') ||
	    (s[a] == '-' && s[a + 1] == '-'))) {
		return;
	}
	add(c->ml, c->line, "stmt", &rank, a, b, ";");
}

/* The index of the ')' matching the '(' at OPEN in CODE, or 0. */
static size_t
match_paren(const char *code, size_t len, size_t open)
{
	int d = 0;

	for (size_t i = open; i < len; i++) {
		if (code[i] == '(')
			d++;
		else if (code[i] == ')' && --d == 0)
			return i;
	}
	return 0;
}

static bool
contains_tok(const char *code, size_t a, size_t b, const char *op,
    const char *val)
{
	size_t ol = strlen(op), vl = strlen(val);

	for (size_t i = a; i + ol <= b; i++) {
		size_t j;

		if (memcmp(code + i, op, ol) != 0)
			continue;
		if (i > 0 && strchr("<>=!", code[i - 1]))
			continue;
		if (i + ol < b && strchr("<>=", code[i + ol]))
			continue;
		j = i + ol;
		while (j < b && isspace((unsigned char)code[j]))
			j++;
		if (j + vl <= b && memcmp(code + j, val, vl) == 0 &&
		    (j + vl == b || !is_ident_char(code[j + vl])))
			return true;
	}
	return false;
}

static void
op_errchk(struct line_ctx *c)
{
	int rank = 0;
	const char *s = c->code;

	for (size_t i = 0; i + 2 <= c->len; i++) {
		size_t o, cl;

		if (s[i] != 'i' || s[i + 1] != 'f' ||
		    (i > 0 && is_ident_char(s[i - 1])) ||
		    (i + 2 < c->len && is_ident_char(s[i + 2])))
			continue;
		if (next_char(s, c->len, i + 2, &o) != '(')
			continue;
		cl = match_paren(s, c->len, o);
		if (!cl)
			continue;
		if (contains_tok(s, o, cl, "<", "0") ||
		    contains_tok(s, o, cl, "==", "-1") ||
		    contains_tok(s, o, cl, "==", "NULL") ||
		    contains_tok(s, o, cl, "!=", "0"))
			add(c->ml, c->line, "errchk", &rank, o, cl + 1, "(0)");
	}
}

static void
op_order(struct line_ctx *c)
{
	static const char *const fns[] = { "htons", "ntohs", "htonl", "ntohl",
		NULL };
	int rank = 0;
	const char *s = c->code;

	for (size_t i = 0; i < c->len; i++) {
		size_t e = i;
		char w[16];

		if (!is_ident_start(s[i]) || (i > 0 && is_ident_char(s[i - 1])))
			continue;
		while (e < c->len && is_ident_char(s[e]))
			e++;
		if (e - i == 5) {
			memcpy(w, s + i, 5);
			w[5] = '\0';
			if (word_in(w, fns) && next_char(s, c->len, e, NULL) ==
			    '(')
				add(c->ml, c->line, "order", &rank, i, e, "");
		}
		i = e - 1;
	}
}

/* An argument is simple: no call, comma, literal or two words in a row. */
static bool
simple_arg(const char *code, size_t a, size_t b)
{
	bool word = false, gap = false, any = false;

	for (size_t i = a; i < b; i++) {
		char ch = code[i];

		if (ch == '(' || ch == ')' || ch == ',' || ch == 'S' ||
		    ch == '?' || ch == '{' || ch == '"')
			return false;
		if (is_ident_char(ch)) {
			if (word && gap && !isdigit((unsigned char)ch))
				return false;
			word = true;
			gap = false;
			any = true;
		} else if (isspace((unsigned char)ch)) {
			gap = word ? true : gap;
		} else {
			word = false;
			gap = false;
			any = true;
		}
	}
	return any;
}

static const char *const not_calls[] = {
	"if", "while", "for", "switch", "return", "sizeof", "defined", NULL
};

static void
op_swap(struct line_ctx *c)
{
	int rank = 0;
	const char *s = c->code;

	for (size_t i = 0; i < c->len; i++) {
		size_t e = i, o, cl, k, comma = 0, comma2 = 0, a0, a1, b0, b1;
		int d = 0;
		char w[64], repl[sizeof ((struct mutant *)0)->repl];

		if (!is_ident_start(s[i]) || (i > 0 && is_ident_char(s[i - 1])))
			continue;
		while (e < c->len && is_ident_char(s[e]))
			e++;
		word_before(s, e, w, sizeof w);
		if (word_in(w, not_calls) || word_in(w, type_words) ||
		    next_char(s, c->len, e, &o) != '(') {
			i = e - 1;
			continue;
		}
		i = e - 1;
		/* a definition or declaration: a type word before the name */
		{
			size_t at;
			char p = prev_char(s, e - strlen(w), &at);
			char pw[64];

			if (is_ident_char(p)) {
				word_before(s, at + 1, pw, sizeof pw);
				if (!word_in(pw, unary_words))
					continue;
			}
		}
		cl = match_paren(s, c->len, o);
		if (!cl)
			continue;
		for (k = o + 1; k < cl; k++) {
			if (s[k] == '(')
				d++;
			else if (s[k] == ')')
				d--;
			else if (s[k] == ',' && d == 0) {
				if (!comma)
					comma = k;
				else if (!comma2)
					comma2 = k;
			}
		}
		if (!comma)
			continue;
		if (!comma2)
			comma2 = cl;
		a0 = o + 1;
		a1 = comma;
		b0 = comma + 1;
		b1 = comma2;
		while (a0 < a1 && isspace((unsigned char)s[a0]))
			a0++;
		while (a1 > a0 && isspace((unsigned char)s[a1 - 1]))
			a1--;
		while (b0 < b1 && isspace((unsigned char)s[b0]))
			b0++;
		while (b1 > b0 && isspace((unsigned char)s[b1 - 1]))
			b1--;
		if (!simple_arg(s, a0, a1) || !simple_arg(s, b0, b1))
			continue;
		if (a1 - a0 == b1 - b0 && memcmp(s + a0, s + b0, a1 - a0) == 0)
			continue;
		if ((b1 - b0) + (b0 - a1) + (a1 - a0) >= sizeof repl)
			continue;
		snprintf(repl, sizeof repl, "%.*s%.*s%.*s", (int)(b1 - b0),
		    c->text + b0, (int)(b0 - a1), c->text + a1,
		    (int)(a1 - a0), c->text + a0);
		add(c->ml, c->line, "swap", &rank, a0, b1, repl);
	}
}

static const char *const flag_prefixes[] = {
	"MSG_", "SO_", "SOL_", "O_", "POLL", "EPOLL", "SOCK_", "AI_", "NI_",
	"SA_", "IPPROTO_", NULL
};

static bool
flag_name(const char *w)
{
	if (strcmp(w, "SIG_IGN") == 0 || strcmp(w, "SIG_DFL") == 0)
		return true;
	for (const char *const *p = flag_prefixes; *p; p++) {
		size_t n = strlen(*p);

		if (strncmp(w, *p, n) == 0 && w[n] &&
		    (isupper((unsigned char)w[n]) || isdigit((unsigned char)w[n])))
			return true;
	}
	return false;
}

static void
op_flag(struct line_ctx *c, int depth)
{
	int rank = 0;
	const char *s = c->code;
	int d = depth;

	for (size_t i = 0; i < c->len; i++) {
		size_t e = i, at;
		char w[64], p, n;

		if (s[i] == '(')
			d++;
		else if (s[i] == ')')
			d--;
		if (!is_ident_start(s[i]) || (i > 0 && is_ident_char(s[i - 1])))
			continue;
		while (e < c->len && is_ident_char(s[e]))
			e++;
		word_before(s, e, w, sizeof w);
		i = e - 1;
		if (!flag_name(w))
			continue;
		p = prev_char(s, e - strlen(w), &at);
		n = next_char(s, c->len, e, NULL);
		if (p == '|' && at > 0 && s[at - 1] == '|')
			p = 0;
		if (n == '|' && e + 1 < c->len) {
			size_t nn;

			next_char(s, c->len, e, &nn);
			if (nn + 1 < c->len && s[nn + 1] == '|')
				n = 0;
		}
		if ((d > 0 && (p == '(' || p == ',') && (n == ',' || n == ')')) ||
		    p == '|' || n == '|' ||
		    (p == '=' && at > 0 && !strchr("=!<>", s[at - 1])))
			add(c->ml, c->line, "flag", &rank, e - strlen(w), e, "0");
	}
}

/* ---- files ------------------------------------------------------------- */

uint32_t
fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void
trim(const char *s, size_t len, size_t *a, size_t *b)
{
	*a = 0;
	*b = len;
	while (*a < *b && isspace((unsigned char)s[*a]))
		(*a)++;
	while (*b > *a && isspace((unsigned char)s[*b - 1]))
		(*b)--;
}

void
src_free(struct src *f)
{
	for (size_t i = 0; i < f->nlines; i++)
		free(f->lines[i]);
	free(f->lines);
	free(f->ml.v);
	memset(f, 0, sizeof *f);
}

int
src_load_text(struct src *f, const char *name, const char *text, size_t n)
{
	size_t i = 0, cap = 0;

	memset(f, 0, sizeof *f);
	{
		const char *b = strrchr(name, '/');

		snprintf(f->base, sizeof f->base, "%s", b ? b + 1 : name);
	}
	while (i < n) {
		size_t e = i;

		while (e < n && text[e] != '\n')
			e++;
		if (f->nlines == cap) {
			cap = cap ? 2 * cap : 256;
			f->lines = realloc(f->lines, cap * sizeof *f->lines);
			if (!f->lines)
				return -1;
		}
		f->lines[f->nlines] = malloc(e - i + 1);
		if (!f->lines[f->nlines])
			return -1;
		memcpy(f->lines[f->nlines], text + i, e - i);
		f->lines[f->nlines][e - i] = '\0';
		f->nlines++;
		i = e + 1;
	}
	f->final_newline = n == 0 || text[n - 1] == '\n';
	return 0;
}

int
src_load(struct src *f, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;
	int rc;

	if (!fp) {
		fprintf(stderr, "mutate: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - n < 4096) {
			char *nb = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!nb) {
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
		if (r == 0)
			break;
	}
	rc = ferror(fp) ? -1 : 0;
	fclose(fp);
	if (rc == 0)
		rc = src_load_text(f, path, buf, n);
	else
		fprintf(stderr, "mutate: %s: read error\n", path);
	free(buf);
	return rc;
}

/* Every mutant of F, in line order, with its id. */
void
src_mutants(struct src *f)
{
	struct lex_state st;
	char prev_end = 0;
	bool prev_else = false;
	int depth = 0;

	lex_state_init(&st);
	for (size_t ln = 0; ln < f->nlines; ln++) {
		const char *text = f->lines[ln];
		size_t len = strlen(text), before = f->ml.n, a, b, dup = 1;
		char *code = malloc(len + 1);
		struct line_ctx c;
		uint32_t h;

		if (!code) {
			perror("mutate");
			exit(1);
		}
		if (!lex_line(&st, text, len, code)) {
			free(code);
			continue;
		}
		c.ml = &f->ml;
		c.line = (int)ln + 1;
		c.text = text;
		c.code = code;
		c.len = len;
		op_rel(&c);
		op_arith(&c);
		op_logic(&c);
		op_const(&c);
		op_stmt(&c, prev_end, prev_else, depth);
		op_errchk(&c);
		op_order(&c);
		op_swap(&c);
		op_flag(&c, depth);

		trim(text, len, &a, &b);
		h = fnv1a(text + a, b - a);
		for (size_t k = 0; k < ln; k++) {
			size_t ka, kb, kl = strlen(f->lines[k]);

			trim(f->lines[k], kl, &ka, &kb);
			if (kb - ka == b - a &&
			    memcmp(f->lines[k] + ka, text + a, b - a) == 0)
				dup++;
		}
		for (size_t m = before; m < f->ml.n; m++) {
			struct mutant *mu = &f->ml.v[m];

			if (dup > 1)
				snprintf(mu->id, sizeof mu->id, "%s:%08" PRIx32
				    ".%zu:%s:%d", f->base, h, dup, mu->kind,
				    mu->rank);
			else
				snprintf(mu->id, sizeof mu->id, "%s:%08" PRIx32
				    ":%s:%d", f->base, h, mu->kind, mu->rank);
		}
		for (size_t k = 0; k < len; k++) {
			if (code[k] == '(')
				depth++;
			else if (code[k] == ')' && depth > 0)
				depth--;
		}
		{
			size_t k = len, at;
			char pe = prev_char(code, k, &at);
			char w[64];

			if (pe) {
				prev_end = pe;
				word_before(code, at + 1, w, sizeof w);
				prev_else = strcmp(w, "else") == 0;
			}
		}
		free(code);
	}
}

/* LINE with mutant M applied, in a new string. */
char *
mutant_line(const struct src *f, const struct mutant *m)
{
	const char *t = f->lines[m->line - 1];
	size_t len = strlen(t), rl = strlen(m->repl);
	char *out = malloc(len - (m->end - m->start) + rl + 1);

	if (!out)
		return NULL;
	memcpy(out, t, m->start);
	memcpy(out + m->start, m->repl, rl);
	memcpy(out + m->start + rl, t + m->end, len - m->end + 1);
	return out;
}

#ifndef MUTATE_NO_MAIN
static void
print_trimmed(FILE *out, const char *s)
{
	size_t a, b;

	trim(s, strlen(s), &a, &b);
	for (size_t i = a; i < b; i++)
		fputc(s[i] == '\t' ? ' ' : s[i], out);
}

static int
usage(FILE *out, int status)
{
	fprintf(out,
"usage: mutate list FILE.c...\n"
"       mutate apply ID FILE.c\n"
"list prints ID <TAB> FILE:LINE <TAB> BEFORE -> AFTER for every mutant;\n"
"apply writes FILE.c with mutant ID applied to standard output.\n");
	return status;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0))
		return usage(stdout, 0);
	if (argc >= 3 && strcmp(argv[1], "list") == 0) {
		for (int i = 2; i < argc; i++) {
			struct src f;

			if (src_load(&f, argv[i]) != 0)
				return 1;
			src_mutants(&f);
			for (size_t m = 0; m < f.ml.n; m++) {
				const struct mutant *mu = &f.ml.v[m];
				char *after = mutant_line(&f, mu);

				if (!after) {
					perror("mutate");
					return 1;
				}
				printf("%s\t%s:%d\t", mu->id, f.base, mu->line);
				print_trimmed(stdout, f.lines[mu->line - 1]);
				fputs(" -> ", stdout);
				print_trimmed(stdout, after);
				fputc('\n', stdout);
				free(after);
			}
			src_free(&f);
		}
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc == 4 && strcmp(argv[1], "apply") == 0) {
		struct src f;
		const struct mutant *mu = NULL;

		if (src_load(&f, argv[3]) != 0)
			return 1;
		src_mutants(&f);
		for (size_t m = 0; m < f.ml.n; m++)
			if (strcmp(f.ml.v[m].id, argv[2]) == 0)
				mu = &f.ml.v[m];
		if (!mu) {
			fprintf(stderr, "mutate: %s: no mutant %s\n", argv[3],
			    argv[2]);
			src_free(&f);
			return 1;
		}
		for (size_t ln = 0; ln < f.nlines; ln++) {
			if ((int)ln + 1 == mu->line) {
				char *after = mutant_line(&f, mu);

				if (!after) {
					perror("mutate");
					return 1;
				}
				fputs(after, stdout);
				free(after);
			} else {
				fputs(f.lines[ln], stdout);
			}
			if (ln + 1 < f.nlines || f.final_newline)
				fputc('\n', stdout);
		}
		src_free(&f);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	return usage(stderr, 2);
}
#endif
