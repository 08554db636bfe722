/*
 * capture.h: the packets of a check's run, as a pcap file a beginner opens
 * in Wireshark or reads with tcpdump -r: the SYN, the RST, the datagram
 * that never left.
 *
 * Inside the sandbox, an AF_PACKET socket opened before the scenario queues
 * every packet of the namespace (cut to CAPTURE_SNAPLEN bytes by a socket
 * filter); after it, capture_collect() writes them as pcap into the
 * transcript's note.pcap. Each packet is kept once: on the loopback and on
 * a LAN host's link as it enters the switch. The grader then writes the
 * reference's and the student's captures side by side (capture_save).
 */
#ifndef SOCKLAB_CAPTURE_H
#define SOCKLAB_CAPTURE_H

#include "bytes.h"
#include "transcript.h"

/* Bytes kept of each packet: every header, and the start of the data. */
#define CAPTURE_SNAPLEN 256
/* The most a run's capture holds; packets beyond are counted, not kept. */
#define CAPTURE_MAX_BYTES (1024 * 1024)

/* Is capturing built in (libpcap was found by configure)? */
int capture_available(void);

/*
 * Start queueing the namespace's packets. Returns the capture's socket,
 * or -1 (no capture: the run goes on without one).
 */
int capture_open(void);

/*
 * Take what fd queued, write it as pcap into t's note.pcap, close fd.
 * Does nothing when fd is -1.
 */
void capture_collect(int fd, struct transcript *t);

/*
 * Write the note.pcap of t (if it has one) to path, creating its
 * directory. Returns 0, 1 when t holds no capture, -1 on error (errno).
 */
int capture_save(const struct transcript *t, const char *path);

#endif
