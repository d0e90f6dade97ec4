/*
 * hostrec-reexpand.c: expand the CPU of a libvirt domain in place
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "hostrec.h"
#include "hostrec-reexpand.h"

char *
hostrecTextName(const char *str)
{
    const char *p;

    for (p = str; *p; p++) {
        if (!g_ascii_isprint(*p) || *p == '\\')
            return g_strescape(str, NULL);
    }
    return g_strdup(str);
}

#if WITH_LIBVIRT

# include "domain_conf.h"
# include "domain_metadata.h"
# include "qemu_capabilities.h"
# include "qemu_command.h"
# include "virdiff.h"
# include "virerror.h"
# include "virxml.h"

void
hostrecReexpandFree(hostrecReexpand *re)
{
    if (!re)
        return;
    g_free(re->name);
    g_free(re->uri);
    g_free(re->cpuDiff);
    g_free(re->changes);
    g_free(re->xml);
    g_free(re->base);
    g_free(re);
}

/* Make the pending error name @label ("domain 'X' on 'URI'") unless it
 * does already. */
static void
hostrecReexpandPrefixError(const char *label)
{
    if (!strstr(virGetLastErrorMessage(), label))
        virErrorPrefix("%s", label);
}

/* Parse and check a domain definition read from (or written for) the
 * daemon; @label names it in messages. */
static virDomainDef *
hostrecReexpandParse(const char *xml,
                     const char *label)
{
    g_autoptr(virDomainDef) def = NULL;
    xmlDocPtr doc;

    if (!(doc = virXMLParseString(xml, strlen(xml), label)) ||
        !(def = virDomainDefParseDoc(doc, label)) ||
        virDomainDefValidate(def) < 0) {
        hostrecReexpandPrefixError(label);
        return NULL;
    }
    return g_steal_pointer(&def);
}

/* Whether the domain XML @xml has an element of hostrec's namespace in
 * its <metadata>: refresh passes over every other domain before parsing
 * it as a domain (hostrec need not understand a domain it never
 * expanded).  -1 with an error when @xml is not XML. */
static int
hostrecReexpandHasMetadata(const char *xml,
                           const char *label,
                           bool *has)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root;
    xmlNodePtr meta;
    xmlNodePtr node;

    *has = false;
    if (!(doc = virXMLParseString(xml, strlen(xml), label))) {
        hostrecReexpandPrefixError(label);
        return -1;
    }
    if (!(root = xmlDocGetRootElement(doc)))
        return 0;
    for (meta = root->children; meta; meta = meta->next) {
        if (meta->type != XML_ELEMENT_NODE || meta->ns ||
            STRNEQ((const char *)meta->name, "metadata"))
            continue;
        for (node = meta->children; node; node = node->next) {
            if (node->type == XML_ELEMENT_NODE && node->ns &&
                virDomainHostrecMetadataIsNamespace((const char *)node->ns->href))
                *has = true;
        }
    }
    return 0;
}

/* Whether @kind takes a domain that hostrec's metadata does not record
 * as host-recommended: 1 for convert (a host-model CPU), 0 for refresh,
 * which passes over it; -1 with an error for no kind. */
static int
hostrecReexpandTakesUnrecorded(hostrecReexpandKind kind)
{
    switch (kind) {
    case HOSTREC_REEXPAND_CONVERT:
        return 1;
    case HOSTREC_REEXPAND_REFRESH:
        return 0;
    case HOSTREC_REEXPAND_LAST:
    default:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, _("unexpected kind '%d'"), kind);
    return -1;
}

/* The CPU to expand: host-recommended with what the user asked for (the
 * features recorded in hostrec's metadata, or those of the host-model
 * CPU being converted) and the topology of the current <cpu>.  Returns
 * 0 with *@cpu set, 1 when @kind takes nothing this domain has (no
 * error), or -1 with an error. */
static int
hostrecReexpandRequested(const virDomainDef *def,
                         const virDomainHostrecMetadata *meta,
                         hostrecReexpandKind kind,
                         const char *label,
                         virCPUDef **cpu)
{
    g_autoptr(virCPUDef) want = NULL;
    int rc;

    if (meta && (meta->mode == VIR_CPU_MODE_HOST_RECOMMENDED ||
                 (meta->mode == VIR_CPU_MODE_HOST_MODEL &&
                  kind == HOSTREC_REEXPAND_CONVERT))) {
        /* "hostrec define" records a host-model CPU it expanded as
         * such: convert takes it as it takes host-model */
        want = virCPUDefCopy(meta->requested);
        want->mode = VIR_CPU_MODE_HOST_RECOMMENDED;
    } else {
        if ((rc = hostrecReexpandTakesUnrecorded(kind)) <= 0)
            return rc < 0 ? -1 : 1;
        if (!def->cpu) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("%s has no <cpu> element: convert takes a host-model CPU or one hostrec recorded as host-recommended"),
                           label);
            return -1;
        }
        if (def->cpu->mode != VIR_CPU_MODE_HOST_MODEL) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("%s has CPU mode '%s': convert takes a host-model CPU or one hostrec recorded as host-recommended"),
                           label, virCPUModeTypeToString(def->cpu->mode));
            return -1;
        }
        /* what host-model takes and host-recommended does not: the
         * deprecated features are off by definition, and there is no
         * <model fallback=''> without a model */
        want = virCPUDefCopy(def->cpu);
        want->mode = VIR_CPU_MODE_HOST_RECOMMENDED;
        want->deprecatedFeatures = VIR_TRISTATE_SWITCH_ABSENT;
        want->fallback = VIR_CPU_FALLBACK_ABSENT;
        want->check = VIR_CPU_CHECK_ABSENT;
        g_clear_pointer(&want->vendorId, g_free);
    }

    /* An explicit CPU keeps its check='' (libvirt may have filled it in):
     * expanding again must not change it.  A host-model CPU's does not
     * carry over: libvirt checks a custom CPU with check='partial'
     * against the host CPU, which under TCG is not the guest's arch. */
    if (def->cpu && def->cpu->mode == VIR_CPU_MODE_CUSTOM &&
        want->check == VIR_CPU_CHECK_ABSENT)
        want->check = def->cpu->check;
    if (def->cpu && def->cpu->topology && !want->topology) {
        want->topology = g_new0(virCPUTopology, 1);
        *want->topology = *def->cpu->topology;
    }
    /* and so do <numa>, <cache> and <maxphysaddr>, which the metadata
     * does not hold: the definition's are the ones to keep */
    if (def->cpu && !want->cache)
        want->cache = virCPUKeptCopy(def->cpu->cache);
    if (def->cpu && !want->maxphysaddr)
        want->maxphysaddr = virCPUKeptCopy(def->cpu->maxphysaddr);
    if (def->cpu && !want->numa)
        want->numa = virCPUKeptCopy(def->cpu->numa);

    *cpu = g_steal_pointer(&want);
    return 0;
}

/* Whether a feature of this policy is on in the guest, for describing
 * a change: unlike virCPUFeaturePolicyIsEnabled(), 'optional' counts as
 * on (the guest gets it where the host has it, and the expanded CPU is
 * that host's), so that 'optional' becoming 'require' is no change. */
static bool
hostrecReexpandFeatureOn(virCPUFeaturePolicy policy)
{
    switch (policy) {
    case VIR_CPU_FEATURE_FORCE:
    case VIR_CPU_FEATURE_REQUIRE:
    case VIR_CPU_FEATURE_OPTIONAL:
        return true;
    case VIR_CPU_FEATURE_DISABLE:
    case VIR_CPU_FEATURE_FORBID:
    case VIR_CPU_FEATURE_LAST:
    default:
        return false;
    }
}

static void
hostrecReexpandAppendList(GString *buf,
                          const char *what,
                          GPtrArray *names)
{
    size_t i;

    if (names->len == 0)
        return;
    if (buf->len)
        g_string_append(buf, "; ");
    g_string_append_printf(buf, "%s: ", what);
    for (i = 0; i < names->len; i++) {
        g_autofree char *name = hostrecTextName(g_ptr_array_index(names, i));

        g_string_append_printf(buf, "%s%s", i ? ", " : "", name);
    }
}

/* What changed from the CPU @old to the expanded @cpu, on one line:
 * "off: bpb, te; on: vx; added: x; dropped: y; check: A -> B; model: A -> B" (only the
 * parts that apply), or "" when nothing did.  An @old that is not an
 * explicit CPU is described by its mode. */
static char *
hostrecReexpandDescribe(const virCPUDef *old,
                        const virCPUDef *cpu)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    g_autoptr(GPtrArray) off = g_ptr_array_new();
    g_autoptr(GPtrArray) on = g_ptr_array_new();
    g_autoptr(GPtrArray) added = g_ptr_array_new();
    g_autoptr(GPtrArray) dropped = g_ptr_array_new();
    size_t nOff = 0;
    size_t i;

    if (!old || old->mode != VIR_CPU_MODE_CUSTOM) {
        for (i = 0; i < cpu->nfeatures; i++) {
            if (!hostrecReexpandFeatureOn(cpu->features[i].policy))
                nOff++;
        }
        g_string_append_printf(buf, _("mode %s -> custom: model %s, %zu features, %zu of them off"),
                               old ? virCPUModeTypeToString(old->mode) : _("(none)"),
                               cpu->model ? cpu->model : "?", cpu->nfeatures, nOff);
        return g_string_free(g_steal_pointer(&buf), FALSE);
    }

    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *now = &cpu->features[i];
        const virCPUFeatureDef *was = virCPUDefFindFeature(old, now->name);
        bool nowOn = hostrecReexpandFeatureOn(now->policy);

        if (!was)
            g_ptr_array_add(added, now->name);
        else if (hostrecReexpandFeatureOn(was->policy) != nowOn)
            g_ptr_array_add(nowOn ? on : off, now->name);
    }
    for (i = 0; i < old->nfeatures; i++) {
        if (!virCPUDefFindFeature(cpu, old->features[i].name))
            g_ptr_array_add(dropped, old->features[i].name);
    }
    hostrecReexpandAppendList(buf, "off", off);
    hostrecReexpandAppendList(buf, "on", on);
    hostrecReexpandAppendList(buf, "added", added);
    hostrecReexpandAppendList(buf, "dropped", dropped);
    if (old->check != cpu->check) {
        g_string_append_printf(buf, "%scheck: %s -> %s", buf->len ? "; " : "",
                               virCPUCheckTypeToString(old->check),
                               virCPUCheckTypeToString(cpu->check));
    }
    if (g_strcmp0(old->model, cpu->model) != 0) {
        g_autofree char *from = hostrecTextName(old->model ? old->model : "(none)");

        g_string_append_printf(buf, "%smodel: %s -> %s", buf->len ? "; " : "",
                               from, cpu->model ? cpu->model : "(none)");
    }
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/* The <cpu> element of @xml as virsh --xpath formats it ("" for none). */
static int
hostrecReexpandCPUText(const char *xml,
                       const char *label,
                       char **text)
{
    return virXMLFormatXPath(xml, strlen(xml), label, "/domain/cpu", false, text);
}

/* The expanded CPU of @def (whose <cpu> is the one asked for) and the
 * metadata that records it (qemuDomainExpandCPUForDefinition()), for
 * the emulator of @def by the rule of hostrecDomxmlGetCaps(): hostrec's
 * probe of it, or for a daemon on another host its domain capabilities.
 * Errors name @label. */
static int
hostrecReexpandExpand(const virDomainDef *def,
                      bool remote,
                      const char *label,
                      virCPUDef **cpu,
                      virDomainHostrecMetadata **meta)
{
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *emulator = NULL;
    hostrecCapsSource source = HOSTREC_CAPS_SOURCE_PROBE;

    if (hostrecDomxmlGetCaps(def, true, remote, &caps, &emulator, &source) < 0 ||
        qemuDomainExpandCPUForDefinition(hostrecDriverConfig(), def, caps, emulator,
                                         hostrecCapsSourceRecorded(source),
                                         cpu, meta) < 0) {
        hostrecReexpandPrefixError(label);
        return -1;
    }
    if (!*cpu || !*meta) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("QEMU '%s' gave no CPU for host-recommended for %s"),
                       emulator, label);
        return -1;
    }
    return 0;
}

/* The whole new definition @xml must read back as written: the
 * explicit CPU, and the metadata saying host-recommended.  0 or -1 with
 * an error naming @label. */
static int
hostrecReexpandCheck(const char *xml,
                     const char *label)
{
    g_autoptr(virDomainDef) check = NULL;
    g_autoptr(virDomainHostrecMetadata) checkMeta = NULL;

    if (!(check = hostrecReexpandParse(xml, label)) ||
        virDomainHostrecMetadataGet(check, &checkMeta) < 0) {
        hostrecReexpandPrefixError(label);
        return -1;
    }
    if (!check->cpu || check->cpu->mode != VIR_CPU_MODE_CUSTOM ||
        !checkMeta || checkMeta->mode != VIR_CPU_MODE_HOST_RECOMMENDED) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("the new definition of %s does not read back as an expanded host-recommended CPU"),
                       label);
        return -1;
    }
    return 0;
}

/* Fill in @out's cpuDiff, changes and changed: the <cpu> element of
 * @oldXML (whose CPU was @oldCPU, its hostrec record @oldMeta, may be
 * NULL) against that of @out->xml (@cpu, recorded by @newMeta). */
static int
hostrecReexpandCompare(hostrecReexpand *out,
                       const char *oldXML,
                       const virCPUDef *oldCPU,
                       const virCPUDef *cpu,
                       const virDomainHostrecMetadata *oldMeta,
                       const virDomainHostrecMetadata *newMeta,
                       const char *label)
{
    g_autofree char *oldText = NULL;
    g_autofree char *newText = NULL;
    g_autofree char *oldMetaText = NULL;
    g_autofree char *newMetaText = NULL;
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;

    if (hostrecReexpandCPUText(oldXML, label, &oldText) < 0 ||
        hostrecReexpandCPUText(out->xml, label, &newText) < 0)
        return -1;
    from = g_strdup_printf(_("%s <cpu> (now)"), out->name);
    to = g_strdup_printf(_("%s <cpu> (host-recommended)"), out->name);
    out->cpuDiff = virDiffUnified(oldText, newText, from, to);
    out->changes = *out->cpuDiff ? hostrecReexpandDescribe(oldCPU, cpu) : g_strdup("");

    oldMetaText = oldMeta ? virDomainHostrecMetadataFormat(oldMeta) : NULL;
    newMetaText = virDomainHostrecMetadataFormat(newMeta);
    /* metadata in the old namespace is written again in the new one */
    out->oldNamespace = oldMeta && oldMeta->oldNamespace;
    out->changed = *out->cpuDiff || g_strcmp0(oldMetaText, newMetaText) != 0 ||
                   out->oldNamespace;
    return 0;
}

int
hostrecReexpandDomain(hostrecConn *conn,
                      hostrecConnDomain *dom,
                      hostrecReexpandKind kind,
                      unsigned int flags,
                      hostrecReexpand **re)
{
    const char *rawName = hostrecConnDomainGetName(dom);
    const char *rawURI = hostrecConnGetURIName(conn);
    g_autoptr(hostrecReexpand) out = g_new0(hostrecReexpand, 1);
    g_autofree char *label = NULL;
    g_autofree char *oldXML = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainHostrecMetadata) meta = NULL;
    g_autoptr(virDomainHostrecMetadata) newMeta = NULL;
    g_autoptr(virCPUDef) oldCPUDef = NULL;
    g_autoptr(virCPUDef) cpu = NULL;
    int persistent;
    int active;
    int rc;

    out->name = hostrecTextName(rawName);
    out->uri = hostrecTextName(rawURI);
    label = g_strdup_printf(_("domain '%s' on '%s'"), out->name, out->uri);

    if ((persistent = hostrecConnDomainIsPersistent(dom)) < 0 ||
        (active = hostrecConnDomainIsActive(dom)) < 0)
        return -1;
    if (!persistent) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("%s is transient: it has no persistent definition to change (make it persistent first: virsh dumpxml, then virsh define)"),
                       label);
        return -1;
    }
    out->running = active == 1;

    if (!(oldXML = hostrecConnDomainGetXML(dom, HOSTREC_CONN_XML_INACTIVE |
                                                ((flags & HOSTREC_REEXPAND_PREVIEW) ?
                                                 0 : HOSTREC_CONN_XML_SECURE))))
        return -1;
    if ((rc = hostrecReexpandTakesUnrecorded(kind)) < 0)
        return -1;
    if (rc == 0) {
        bool has;

        if (hostrecReexpandHasMetadata(oldXML, label, &has) < 0)
            return -1;
        if (!has)
            return 1;
    }
    if (!(def = hostrecReexpandParse(oldXML, label)))
        return -1;
    if (virDomainHostrecMetadataGet(def, &meta) < 0) {
        hostrecReexpandPrefixError(label);
        return -1;
    }

    /* def->cpu becomes the CPU asked for; the one it had is kept */
    if ((rc = hostrecReexpandRequested(def, meta, kind, label, &cpu)) != 0)
        return rc;
    oldCPUDef = g_steal_pointer(&def->cpu);
    def->cpu = g_steal_pointer(&cpu);

    if (hostrecReexpandExpand(def, hostrecConnIsRemote(conn), label, &cpu, &newMeta) < 0)
        return -1;
    if (virDomainDefSetHostrecMetadata(def, newMeta) < 0) {
        hostrecReexpandPrefixError(label);
        return -1;
    }
    out->xml = virDomainDefFormatWithCPU(def, cpu);

    if (hostrecReexpandCheck(out->xml, label) < 0 ||
        hostrecReexpandCompare(out, oldXML, oldCPUDef, cpu, meta, newMeta, label) < 0)
        return -1;
    if (flags & HOSTREC_REEXPAND_PREVIEW)
        g_clear_pointer(&out->xml, g_free);
    else
        out->base = g_steal_pointer(&oldXML);

    *re = g_steal_pointer(&out);
    return 0;
}

int
hostrecReexpandDefine(hostrecConn *conn,
                      hostrecConnDomain *dom,
                      const hostrecReexpand *re)
{
    g_autoptr(hostrecConnDomain) defined = NULL;
    g_autofree char *now = NULL;

    if (!re->xml || !re->base) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("the preview of domain '%s' cannot be defined"), re->name);
        return -1;
    }
    if (!(now = hostrecConnDomainGetXML(dom, HOSTREC_CONN_XML_INACTIVE |
                                             HOSTREC_CONN_XML_SECURE)))
        return -1;
    if (STRNEQ(now, re->base)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("the definition of domain '%s' on '%s' changed while hostrec worked on it: nothing was defined, so that change is kept; run the command again"),
                       re->name, re->uri);
        return -1;
    }
    if (!(defined = hostrecConnDefineXML(conn, re->xml, re->name)))
        return -1;
    return 0;
}

#endif /* WITH_LIBVIRT */
