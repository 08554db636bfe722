#!/bin/sh
# setup.sh: Gradescope runs this once, as root, on its Ubuntu base image,
# with the autograder zip unpacked in /autograder/source (make
# gradescope-zip): install the packages socklab needs (README.md's apt-get
# line) and build the grader from the tarball into source/socklab.
# SOCKLAB_NO_APT=1 skips apt-get (a machine that has the packages).
set -eu
ROOT=${AUTOGRADER_ROOT:-/autograder}
cd "$ROOT/source"

if [ -z "${SOCKLAB_NO_APT:-}" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	apt-get install -y gcc make autoconf automake autoconf-archive pkg-config check valgrind patch nftables libnftables-dev iproute2 libpcap-dev python3 python3-yaml iperf3 gnuplot-nox sockperf libarchive-dev libjansson-dev git
fi

rm -rf socklab
mkdir socklab
tar -xzf socklab-*.tar.gz -C socklab --strip-components=1
cd socklab
# A tarball from make dist has configure; a git checkout needs ./bootstrap.
[ -x configure ] || ./bootstrap
./configure
make -j"$(nproc)"
