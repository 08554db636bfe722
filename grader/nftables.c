/*
 * nftables.c: nft scripts through libnftables (nftables.h).
 *
 * A context per script: libnftables opens its netlink socket in the
 * namespace the thread is in when the context is made, and the next
 * script may be for another namespace. Making one costs well under a
 * millisecond.
 */
#include "config.h"

#include <errno.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <string.h>

#include "nftables.h"

/* Copy text into out (n bytes), without the trailing newlines. */
static void
copy_trimmed(char *out, size_t n, const char *text)
{
	size_t len;

	snprintf(out, n, "%s", text != NULL ? text : "");
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' '))
		out[--len] = '\0';
}

int
nftables_run(const char *script, char *out, size_t n)
{
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
	int rc;

	if (ctx == NULL) {
		snprintf(out, n, "libnftables: %s", strerror(errno));
		return -1;
	}
	if (nft_ctx_buffer_output(ctx) != 0 || nft_ctx_buffer_error(ctx) != 0) {
		snprintf(out, n, "libnftables could not buffer its output");
		nft_ctx_free(ctx);
		return -1;
	}
	rc = nft_run_cmd_from_buffer(ctx, script) == 0 ? 0 : -1;
	copy_trimmed(out, n, rc == 0 ? nft_ctx_get_output_buffer(ctx) :
	    nft_ctx_get_error_buffer(ctx));
	nft_ctx_free(ctx);
	return rc;
}
