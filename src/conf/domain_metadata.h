/*
 * domain_metadata.h: hostrec's own element in a domain's <metadata>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A domain that hostrec defines (or converts, or refreshes) runs with an
 * explicit CPU (mode='custom', one <feature> per QEMU property): that is
 * what a stock libvirt can start.  What the user asked for is kept beside
 * it, under <metadata>, in hostrec's XML namespace, so that the explicit
 * CPU can be explained and expanded again after a QEMU or host change:
 *
 *   <metadata>
 *     <hostrec:cpu xmlns:hostrec='urn:hostrec:cpu:1'
 *                  mode='host-recommended' qemu-version='10.0.2'
 *                  deprecated-source='qemu'>   (deprecated-reported='no':
 *                                                  QEMU gave no set)
 *       <hostrec:deprecated name='csske'/>    (the deprecated set used,
 *       <hostrec:deprecated name='bpb'/>       in QEMU's order)
 *       <hostrec:feature policy='require' name='te'/>  (the user's own
 *     </hostrec:cpu>                                     <feature>s)
 *   </metadata>
 *
 * libvirt keeps an element of a foreign namespace in <metadata> as it is
 * (one per namespace; virDomainSetMetadata() and "virsh metadata" read
 * and write it by namespace URI).  Every name read back is held to the
 * name rule (virqemu.h): metadata comes from a daemon, i.e. from outside.
 * docs/formatdomain.rst documents the element.
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"
#include "domain_conf.h"
#include "virenum.h"
#include "virxml.h"

/* The namespace of hostrec's element: a URN of the project's own, which
 * no web address can take away.  The namespace of hostrec 0.1's first
 * releases, a placeholder web address, is still read (the element is the
 * same), and written over by the next define, convert or refresh. */
#define VIR_DOMAIN_HOSTREC_METADATA_NS "urn:hostrec:cpu:1"
#define VIR_DOMAIN_HOSTREC_METADATA_NS_OLD "https://hostrec.example/xmlns/cpu/1"
#define VIR_DOMAIN_HOSTREC_METADATA_PREFIX "hostrec"

/* Where the deprecated set came from. */
typedef enum {
    /* hostrec's own probe of the emulator (query-cpu-model-expansion) */
    VIR_DOMAIN_HOSTREC_DEPRECATED_QEMU = 0,
    /* libvirt >= 11.0: the daemon's host-model with and without
     * deprecated features (virConnectGetDomainCapabilities) */
    VIR_DOMAIN_HOSTREC_DEPRECATED_LIBVIRT,

    VIR_DOMAIN_HOSTREC_DEPRECATED_LAST
} virDomainHostrecDeprecatedSource;

const char *virDomainHostrecDeprecatedSourceTypeToString(int source);
int virDomainHostrecDeprecatedSourceTypeFromString(const char *str);

typedef struct _virDomainHostrecMetadata virDomainHostrecMetadata;
struct _virDomainHostrecMetadata {
    virCPUMode mode;            /* what the user asked for */
    char *qemuVersion;          /* "10.0.2", NULL when unknown */
    virDomainHostrecDeprecatedSource source;
    /* NULL-terminated; NULL when QEMU did not say (QEMU < 9.1, for a
     * host-model CPU), written as deprecated-reported='no', which is not
     * the same as an empty set */
    char **deprecated;
    /* The user's own <feature>s of the <cpu> asked for (name and policy
     * only); they win over the deprecated set when expanding again. */
    virCPUDef *requested;       /* mode = @mode, features only */
    /* Read from an element in VIR_DOMAIN_HOSTREC_METADATA_NS_OLD: written
     * again, in the current namespace, even when nothing else changed. */
    bool oldNamespace;
};

virDomainHostrecMetadata *virDomainHostrecMetadataNew(void);
void virDomainHostrecMetadataFree(virDomainHostrecMetadata *meta);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainHostrecMetadata, virDomainHostrecMetadataFree);

/* The metadata of a definition about to be expanded: @cpu is the <cpu>
 * the user wrote (its mode and features are kept), @qemuVersion the
 * emulator's version ("10.0.2"), @deprecated the set used (NULL-terminated;
 * NULL when QEMU did not report one).  Never fails. */
virDomainHostrecMetadata *
virDomainHostrecMetadataNewFromCPU(const virCPUDef *cpu,
                                   const char *qemuVersion,
                                   virDomainHostrecDeprecatedSource source,
                                   const char * const *deprecated);

/* Whether @href is hostrec's namespace, the current one or the old. */
bool virDomainHostrecMetadataIsNamespace(const char *href);

/* Parse one <hostrec:cpu> element.  @sourceName names the document in
 * messages.  Returns 0 or -1 with an error. */
int virDomainHostrecMetadataParseNode(xmlNodePtr node,
                                      const char *sourceName,
                                      virDomainHostrecMetadata **meta);

/* Find and parse hostrec's element under the <metadata> of @def's
 * document: 0 with *@meta NULL when there is none, 0 with *@meta set, or
 * -1 with an error (a malformed element, or two of them). */
int virDomainHostrecMetadataGet(const virDomainDef *def,
                                virDomainHostrecMetadata **meta);

/* The element on its own, with its namespace declaration, two-space
 * indented, ending in a newline: what virDomainSetMetadata() takes. */
char *virDomainHostrecMetadataFormat(const virDomainHostrecMetadata *meta);

/* Put @meta into the document of @def: replaces hostrec's element under
 * <metadata>, or adds it there, creating <metadata> (after <title> and
 * <description>, where libvirt writes it) when the domain has none.  The
 * rest of the document is not touched.  Returns 0 or -1 with an error. */
int virDomainDefSetHostrecMetadata(virDomainDef *def,
                                   const virDomainHostrecMetadata *meta);
