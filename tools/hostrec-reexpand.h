/*
 * hostrec-reexpand.h: expand the CPU of a libvirt domain in place
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What "hostrec convert" and "hostrec refresh" share: read a persistent
 * domain's inactive definition over the -c/--connect connection, decide
 * the CPU asked for (host-model to be converted, or host-recommended as
 * hostrec's <metadata> element records it), expand host-recommended with
 * hostrec's own probe of the domain's emulator (or, for a daemon on
 * another host, from its domain capabilities: hostrecDomxmlGetCaps()),
 * and build the whole new
 * definition: the document libvirt gave, with only its <cpu> element and
 * hostrec's <metadata> element replaced.  The new definition is parsed
 * and checked again before anything is written; hostrecReexpandDefine()
 * then writes it in one virDomainDefineXML call, so a failure at any
 * step leaves the domain as it was.
 *
 * Every error names the domain and the URI.
 */

#pragma once

#include "internal.h"

#if WITH_LIBVIRT

# include "hostrec-connect.h"

typedef enum {
    /* "convert": a host-model CPU, or one hostrec's metadata says is
     * host-recommended; anything else is an error */
    HOSTREC_REEXPAND_CONVERT = 0,
    /* "refresh": only a CPU hostrec's metadata says is host-recommended */
    HOSTREC_REEXPAND_REFRESH,

    HOSTREC_REEXPAND_LAST
} hostrecReexpandKind;

typedef struct _hostrecReexpand hostrecReexpand;
struct _hostrecReexpand {
    char *name;         /* the domain's name, printable (hostrecTextName) */
    char *uri;          /* the connection's URI, printable */
    bool running;       /* the change takes effect at its next cold start */
    bool changed;       /* the new definition differs from the old one */
    bool oldNamespace;  /* the old one's metadata was in the old namespace */
    char *cpuDiff;      /* unified diff of <cpu>, "" when it is the same */
    char *changes;      /* what changed in the CPU, one line, "" for nothing */
    char *xml;          /* the whole new definition; NULL for a preview */
    char *base;         /* the definition it was built from, as read */
};

void hostrecReexpandFree(hostrecReexpand *re);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(hostrecReexpand, hostrecReexpandFree);

typedef enum {
    /* read the definition without its secrets (what a read-only
     * connection may read): the result is for showing only, and
     * re->xml is NULL */
    HOSTREC_REEXPAND_PREVIEW = 1 << 0,
} hostrecReexpandFlags;

/* Build the new definition of @dom (@flags: hostrecReexpandFlags; the
 * definition is read with its secrets unless HOSTREC_REEXPAND_PREVIEW,
 * as "virsh edit" reads it, so that redefining keeps them).  Returns 0
 * with *@re set, 1 (with
 * *@re NULL and no error) when @kind is HOSTREC_REEXPAND_REFRESH and the
 * domain has no host-recommended metadata of hostrec's, or -1 with an
 * error naming the domain and the URI: a transient domain (it has no
 * inactive definition to change), a CPU mode @kind does not take, an
 * emulator that cannot be probed or reports no deprecated features (or
 * a remote daemon older than libvirt 11.0), a definition that does not
 * parse back. */
int hostrecReexpandDomain(hostrecConn *conn,
                          hostrecConnDomain *dom,
                          hostrecReexpandKind kind,
                          unsigned int flags,
                          hostrecReexpand **re);

/* Define @re->xml on @conn for @dom, the domain it was built for, unless
 * @dom's definition is no longer the one it was built from (@re->base):
 * a change made meanwhile (virsh edit, a disk attached --config) would
 * otherwise be undone without a word.  libvirt has no compare-and-swap,
 * so the check is a new read right before virDomainDefineXML(): it
 * narrows the window to two calls, it cannot close it.  Returns 0, or -1
 * with an error naming the domain and the URI (the domain then keeps its
 * definition); a preview cannot be defined. */
int hostrecReexpandDefine(hostrecConn *conn,
                          hostrecConnDomain *dom,
                          const hostrecReexpand *re);

#endif /* WITH_LIBVIRT */
