/*
 * capture.c: packet captures of a check's run (capture.h), written with
 * libpcap's dump functions from packets an AF_PACKET socket queued.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#ifdef HAVE_PCAP_PCAP_H
#include <pcap/pcap.h>
#endif

#include "capture.h"

/* Room for every packet of a busy check until the scenario ends. */
#define CAPTURE_RCVBUF (32 * 1024 * 1024)

#ifdef HAVE_PCAP_PCAP_H

int
capture_available(void)
{
	return 1;
}

int
capture_open(void)
{
	/* A socket filter that keeps CAPTURE_SNAPLEN bytes of each packet. */
	struct sock_filter cut[] = {
		BPF_STMT(BPF_RET | BPF_K, CAPTURE_SNAPLEN),
	};
	struct sock_fprog prog = { .len = 1, .filter = cut };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	int size = CAPTURE_RCVBUF, on = 1;

	if (fd == -1)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof prog) == -1 || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP,
	    &on, sizeof on) == -1 || setsockopt(fd, SOL_PACKET,
	    PACKET_AUXDATA, &on, sizeof on) == -1) {
		close(fd);
		return -1;
	}
	/* FORCE passes rmem_max (we hold CAP_NET_ADMIN in the namespace). */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof size) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	return fd;
}

/*
 * Read one queued packet into buf; fills its header. Returns 1 when a
 * packet is to be kept, 0 when it is skipped, -1 when none is left.
 */
static int
next_packet(int fd, unsigned char *buf, struct pcap_pkthdr *h)
{
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(struct timeval)) +
		    CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} control;
	struct sockaddr_ll from;
	struct iovec iov = { .iov_base = buf, .iov_len = CAPTURE_SNAPLEN };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof from,
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &control, .msg_controllen = sizeof control,
	};
	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_TRUNC);

	if (n < 0)
		return -1;
	/*
	 * Each packet once: not as it leaves (the loopback shows it again
	 * as it arrives; a LAN switch's port as it came in).
	 */
	if (from.sll_pkttype == PACKET_OUTGOING)
		return 0;
	memset(h, 0, sizeof *h);
	h->len = (bpf_u_int32)n;
	h->caplen = (bpf_u_int32)(n < CAPTURE_SNAPLEN ? n : CAPTURE_SNAPLEN);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL;
	    c = CMSG_NXTHDR(&msg, c)) {
		struct tpacket_auxdata aux;

		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type ==
		    SCM_TIMESTAMP)
			memcpy(&h->ts, CMSG_DATA(c), sizeof h->ts);
		/* The packet's length before the filter cut it. */
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type ==
		    PACKET_AUXDATA) {
			memcpy(&aux, CMSG_DATA(c), sizeof aux);
			h->len = aux.tp_len;
		}
	}
	return 1;
}

void
capture_collect(int fd, struct transcript *t)
{
	unsigned char buf[CAPTURE_SNAPLEN];
	struct pcap_pkthdr h;
	pcap_dumper_t *d = NULL;
	pcap_t *p = NULL;
	char *data = NULL;
	size_t len = 0;
	long kept = 0, over = 0;
	FILE *mem;
	int got;

	if (fd == -1)
		return;
	mem = open_memstream(&data, &len);
	if (mem != NULL)
		p = pcap_open_dead(DLT_EN10MB, CAPTURE_SNAPLEN);
	if (p != NULL)
		d = pcap_dump_fopen(p, mem);
	while (d != NULL && (got = next_packet(fd, buf, &h)) != -1) {
		if (got == 0)
			continue;
		if (pcap_dump_ftell(d) + (long)h.caplen + 16 >
		    CAPTURE_MAX_BYTES) {
			over++;
			continue;
		}
		pcap_dump((unsigned char *)d, &h, buf);
		kept++;
	}
	close(fd);
	if (d != NULL)
		pcap_dump_close(d);	/* closes mem too */
	else if (mem != NULL)
		fclose(mem);
	if (p != NULL)
		pcap_close(p);
	if (d != NULL && kept > 0)
		transcript_set(t, "note.pcap", data, len);
	if (over > 0)
		transcript_setf(t, "note.pcap-cut", "%ld packets after the "
		    "first %ld were not kept (the capture is cut at %d bytes)",
		    over, kept, CAPTURE_MAX_BYTES);
	free(data);
}

#else	/* no libpcap */

int
capture_available(void)
{
	return 0;
}

int
capture_open(void)
{
	return -1;
}

void
capture_collect(int fd, struct transcript *t)
{
	(void)t;
	if (fd != -1)
		close(fd);
}

#endif

/* mkdir -p for the directories of path. Returns 0 or -1. */
static int
make_parents(const char *path)
{
	char dir[4096];

	snprintf(dir, sizeof dir, "%s", path);
	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

int
capture_save(const struct transcript *t, const char *path)
{
	const struct bytes *pcap = transcript_get(t, "note.pcap");
	int fd, rc;

	if (pcap == NULL)
		return 1;
	if (make_parents(path) == -1)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	rc = bytes_write_fd(pcap, fd);
	if (close(fd) == -1)
		rc = -1;
	return rc == -1 ? -1 : 0;
}
