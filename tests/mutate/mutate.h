/* mutate: single-point mutants of C sources (tests/mutate/mutate.c). */
#ifndef SOCKLAB_MUTATE_H
#define SOCKLAB_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The lexer's state carried from one line to the next. */
struct lex_state {
	bool in_block_comment;
	bool in_preproc; /* a preprocessor line continued with '\' */
};

struct mutant {
	char id[160];
	char kind[8];
	int rank;       /* among this line's mutants of this kind */
	int line;       /* 1-based */
	size_t start;   /* the byte range of the line replaced */
	size_t end;
	char repl[256];
};

struct mutant_list {
	struct mutant *v;
	size_t n, cap;
};

struct src {
	char base[96];  /* the file's base name, first part of every id */
	char **lines;
	size_t nlines;
	bool final_newline;
	struct mutant_list ml;
};

void lex_state_init(struct lex_state *st);
bool lex_line(struct lex_state *st, const char *line, size_t len, char *code);
uint32_t fnv1a(const char *s, size_t n);
int src_load(struct src *f, const char *path);
int src_load_text(struct src *f, const char *name, const char *text, size_t n);
void src_mutants(struct src *f);
char *mutant_line(const struct src *f, const struct mutant *m);
void src_free(struct src *f);

#endif
