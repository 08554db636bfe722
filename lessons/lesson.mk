# lesson.mk: make inside a lesson directory (each lesson's Makefile includes
# it). "make" compiles the lesson's programs with the grader's flags, as its
# README shows; "make grade", "make watch", "make hint" and "make reset" run
# the top-level targets for this lesson (LESSON set to this directory, and
# FROM_LESSON too, so that the report's next steps say what to type here).
# SOCKLAB_BUILD is socklab's build directory (default: the top, ../..).
LESSON := $(notdir $(CURDIR))
SOCKLAB_BUILD ?= ../..
CC = cc
CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -g
PROGRAMS := $(sort $(basename $(wildcard *.c)))

all: $(PROGRAMS)

%: %.c
	$(CC) $(CFLAGS) -o $@ $<

clean:
	rm -f $(PROGRAMS)

grade watch hint reset:
	@if [ ! -f '$(SOCKLAB_BUILD)/Makefile' ]; then \
		echo "make $@: no socklab build in $(SOCKLAB_BUILD): run ./bootstrap && ./configure && make at the top first (or make $@ SOCKLAB_BUILD=DIR)" >&2; \
		exit 2; \
	fi
	@$(MAKE) --no-print-directory -C '$(SOCKLAB_BUILD)' $@ LESSON=$(LESSON) \
	    FROM_LESSON=$(LESSON)

.PHONY: all clean grade watch hint reset
