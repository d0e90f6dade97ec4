/*
 * cpu_conf.c: the guest CPU definition, <cpu> of the domain XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Parsing follows libvirt's rules for the existing modes.  Where libvirt
 * silently ignores or drops something (a <model> in host-passthrough, a
 * match attribute on host-model, a second <topology>, ...), hostrec reports
 * an error instead: docs/formatdomain.rst, "Where hostrec is stricter than
 * libvirt", lists each case.
 */

#include "internal.h"

#include <limits.h>
#include <string.h>

#include "cpu_conf.h"
#include "virerror.h"
#include "virqemu.h"

/* What each CPU mode takes, one row per mode: a new mode cannot be added
 * without saying (the assertion counts the rows).  The parser and the
 * validator read it instead of testing modes one by one. */
typedef struct {
    bool model;               /* a <model> element */
    bool modelFromHost;       /* no <model>: QEMU derives it from the host */
    bool match;               /* the 'match' attribute */
    bool migratable;          /* the 'migratable' attribute */
    bool deprecatedFeatures;  /* the 'deprecated_features' attribute */
} virCPUModeRules;

static const virCPUModeRules virCPUModeRulesTable[] = {
    [VIR_CPU_MODE_CUSTOM] = { .model = true, .match = true, .deprecatedFeatures = true },
    [VIR_CPU_MODE_HOST_MODEL] = { .model = true, .deprecatedFeatures = true },
    [VIR_CPU_MODE_HOST_PASSTHROUGH] = { .migratable = true, .deprecatedFeatures = true },
    [VIR_CPU_MODE_MAXIMUM] = { .migratable = true, .deprecatedFeatures = true },
    [VIR_CPU_MODE_HOST_RECOMMENDED] = { .modelFromHost = true },
};
G_STATIC_ASSERT(G_N_ELEMENTS(virCPUModeRulesTable) == VIR_CPU_MODE_LAST);

VIR_ENUM_IMPL(virCPUMode,
              VIR_CPU_MODE_LAST,
              "custom",
              "host-model",
              "host-passthrough",
              "maximum",
              "host-recommended",
);

VIR_ENUM_IMPL(virCPUMatch,
              VIR_CPU_MATCH_LAST,
              "absent",
              "minimum",
              "exact",
              "strict",
);

VIR_ENUM_IMPL(virCPUCheck,
              VIR_CPU_CHECK_LAST,
              "absent",
              "none",
              "partial",
              "full",
);

VIR_ENUM_IMPL(virCPUFallback,
              VIR_CPU_FALLBACK_LAST,
              "absent",
              "allow",
              "forbid",
);

VIR_ENUM_IMPL(virCPUFeaturePolicy,
              VIR_CPU_FEATURE_LAST,
              "force",
              "require",
              "optional",
              "disable",
              "forbid",
);

VIR_ENUM_IMPL(virCPUFeatureReason,
              VIR_CPU_FEATURE_REASON_LAST,
              "none",
              "deprecated",
              "requires",
);

/* libvirt: vendor_id is passed to QEMU as a 12-character CPUID string. */
#define VIR_CPU_VENDOR_ID_LENGTH 12


virCPUDef *
virCPUDefNew(void)
{
    return g_new0(virCPUDef, 1);
}


static void
virCPUFeatureDefClear(virCPUFeatureDef *feature)
{
    g_clear_pointer(&feature->name, g_free);
    g_clear_pointer(&feature->requires, g_free);
}


void
virCPUDefFree(virCPUDef *def)
{
    size_t i;

    if (!def)
        return;

    for (i = 0; i < def->nfeatures; i++)
        virCPUFeatureDefClear(&def->features[i]);
    g_free(def->features);
    g_free(def->model);
    g_free(def->vendorId);
    g_free(def->vendor);
    g_free(def->topology);
    virCPUKeptFree(def->cache);
    virCPUKeptFree(def->maxphysaddr);
    virCPUKeptFree(def->numa);
    g_free(def);
}


virCPUDef *
virCPUDefCopy(const virCPUDef *def)
{
    g_autoptr(virCPUDef) copy = NULL;
    size_t i;

    if (!def)
        return NULL;

    copy = virCPUDefNew();
    copy->mode = def->mode;
    copy->match = def->match;
    copy->check = def->check;
    copy->migratable = def->migratable;
    copy->deprecatedFeatures = def->deprecatedFeatures;
    copy->model = g_strdup(def->model);
    copy->fallback = def->fallback;
    copy->vendorId = g_strdup(def->vendorId);
    copy->vendor = g_strdup(def->vendor);
    if (def->topology)
        copy->topology = g_memdup2(def->topology, sizeof(*def->topology));
    copy->cache = virCPUKeptCopy(def->cache);
    copy->maxphysaddr = virCPUKeptCopy(def->maxphysaddr);
    copy->numa = virCPUKeptCopy(def->numa);

    copy->features = g_new0(virCPUFeatureDef,
                            virArrayCapacity(def->nfeatures));
    for (i = 0; i < def->nfeatures; i++) {
        copy->features[i].name = g_strdup(def->features[i].name);
        copy->features[i].policy = def->features[i].policy;
        copy->features[i].reason = def->features[i].reason;
        copy->features[i].requires = g_strdup(def->features[i].requires);
    }
    copy->nfeatures = def->nfeatures;

    return g_steal_pointer(&copy);
}


/* Text content of @node, or NULL when it is empty (as libvirt treats an
 * empty <model/>: no model). */
static char *
virCPUDefNodeText(xmlNodePtr node)
{
    g_autofree char *text = virXMLNodeContentString(node);

    if (!text || !*text)
        return NULL;
    return g_steal_pointer(&text);
}


/* The name rule of virqemu.h, with the element's line in the message. */
static int
virCPUDefCheckName(virQEMUNameKind kind,
                   const char *name,
                   xmlNodePtr node)
{
    g_autofree char *source = NULL;

    if (virQEMUNameIsValidFor(kind, name))
        return 0;
    source = g_strdup_printf(_("the <%s> element at line %ld"),
                             (const char *)node->name, (long)xmlGetLineNo(node));
    return virQEMUNameCheck(kind, name, VIR_ERR_XML_DETAIL, source);
}


static int
virCPUDefParseModel(xmlNodePtr node,
                    virCPUDef *def,
                    unsigned int flags)
{
    int val = 0;

    if (virXMLPropEnum(node, "fallback", virCPUFallbackTypeFromString,
                       VIR_XML_PROP_NONZERO, &val) < 0)
        return -1;
    def->fallback = val;

    def->vendorId = virXMLPropString(node, "vendor_id");
    def->model = virCPUDefNodeText(node);
    /* documents that virsh accepts as input may indent the model name */
    if (def->model && (flags & VIR_CPU_PARSE_INPUT)) {
        g_strstrip(def->model);
        if (!*def->model)
            g_clear_pointer(&def->model, g_free);
    }
    if (def->model &&
        virCPUDefCheckName(VIR_QEMU_NAME_CPU_MODEL, def->model, node) < 0)
        return -1;
    return 0;
}


int
virCPUTopologyGetVcpus(const virCPUTopology *topology,
                       unsigned int *vcpus)
{
    const unsigned int factors[] = {
        topology->sockets,
        topology->dies ? topology->dies : 1,
        topology->clusters ? topology->clusters : 1,
        topology->cores,
        topology->threads,
    };
    unsigned long long product = 1;
    size_t i;

    /* two factors of at most UINT_MAX fit in 64 bits: check as we go */
    for (i = 0; i < G_N_ELEMENTS(factors); i++) {
        product *= factors[i];
        if (product > UINT_MAX) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the CPU topology gives more than %u vCPUs"),
                           UINT_MAX);
            return -1;
        }
    }

    *vcpus = product;
    return 0;
}


static int
virCPUDefParseTopology(xmlNodePtr node,
                       virCPUDef *def)
{
    g_autofree virCPUTopology *topology = g_new0(virCPUTopology, 1);

    if (virXMLPropUInt(node, "sockets",
                       VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                       &topology->sockets) < 0 ||
        virXMLPropUInt(node, "dies", VIR_XML_PROP_NONZERO,
                       &topology->dies) < 0 ||
        virXMLPropUInt(node, "clusters", VIR_XML_PROP_NONZERO,
                       &topology->clusters) < 0 ||
        virXMLPropUInt(node, "cores",
                       VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                       &topology->cores) < 0 ||
        virXMLPropUInt(node, "threads",
                       VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                       &topology->threads) < 0)
        return -1;

    def->topology = g_steal_pointer(&topology);
    return 0;
}


static int
virCPUDefParseFeature(xmlNodePtr node,
                      virCPUDef *def)
{
    g_autofree char *name = virXMLPropString(node, "name");
    int policy = VIR_CPU_FEATURE_REQUIRE;   /* libvirt's default */

    if (!name || !*name) {
        virReportError(VIR_ERR_XML_DETAIL, "%s",
                       _("a CPU <feature> element needs a non-empty 'name' attribute"));
        return -1;
    }

    if (virCPUDefCheckName(VIR_QEMU_NAME_CPU_FEATURE, name, node) < 0)
        return -1;

    if (def->nfeatures >= VIR_CPU_MAX_FEATURES) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("the CPU definition lists more than %d features"),
                       VIR_CPU_MAX_FEATURES);
        return -1;
    }

    if (virXMLPropEnum(node, "policy", virCPUFeaturePolicyTypeFromString,
                       VIR_XML_PROP_NONE, &policy) < 0)
        return -1;

    if (virCPUDefFindFeature(def, name)) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("CPU feature '%s' is listed more than once"), name);
        return -1;
    }

    virCPUDefAddFeature(def, name, policy);
    return 0;
}


/* Each modelled child may appear once; any other child is refused rather
 * than dropped, because formatting rewrites the whole <cpu> element.  An
 * input CPU (VIR_CPU_PARSE_INPUT) is never written back: of it only the
 * model and the features count, the rest (a host CPU's <arch>, <pages>,
 * <microcode>, a guest's <topology> or <numa>, ...) is skipped.  <numa>,
 * <cache> and <maxphysaddr> are kept as they came (cpu_kept.h). */
static int
virCPUDefParseChildren(xmlNodePtr node,
                       virCPUDef *def,
                       unsigned int flags)
{
    xmlNodePtr cur;

    for (cur = node->children; cur; cur = cur->next) {
        const char *name = (const char *)cur->name;

        if (cur->type != XML_ELEMENT_NODE)
            continue;

        if ((flags & VIR_CPU_PARSE_INPUT) &&
            (cur->ns || (STRNEQ(name, "model") && STRNEQ(name, "feature"))))
            continue;

        if (cur->ns) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("element '%s' inside <cpu> is not supported by hostrec"),
                           name);
            return -1;
        }

        if (STREQ(name, "feature")) {
            if (virCPUDefParseFeature(cur, def) < 0)
                return -1;
            continue;
        }

        if ((STREQ(name, "model") || STREQ(name, "vendor") ||
             STREQ(name, "topology") || virCPUKeptIsKnown(name)) &&
            virXMLNodeCheckFirstOfName(cur) < 0)
            return -1;

        if (virCPUKeptIsKnown(name)) {
            virCPUKept **slot = &def->numa;

            if (STREQ(name, "cache"))
                slot = &def->cache;
            else if (STREQ(name, "maxphysaddr"))
                slot = &def->maxphysaddr;
            if (virCPUKeptParseXML(cur, slot) < 0)
                return -1;
            continue;
        }

        if (STREQ(name, "model")) {
            if (virCPUModeRulesTable[def->mode].modelFromHost) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("CPU mode '%s' takes no <model> element: QEMU derives the model from the host"),
                               virCPUModeTypeToString(def->mode));
                return -1;
            }
            if (!virCPUModeRulesTable[def->mode].model) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("CPU mode '%s' takes no <model> element"),
                               virCPUModeTypeToString(def->mode));
                return -1;
            }
            if (virCPUDefParseModel(cur, def, flags) < 0)
                return -1;
        } else if (STREQ(name, "vendor")) {
            def->vendor = virCPUDefNodeText(cur);
            if (!def->vendor) {
                virReportError(VIR_ERR_XML_DETAIL, "%s",
                               _("the CPU <vendor> element is empty"));
                return -1;
            }
        } else if (STREQ(name, "topology")) {
            if (virCPUDefParseTopology(cur, def) < 0)
                return -1;
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("element '%s' inside <cpu> is not supported by hostrec"),
                           name);
            return -1;
        }
    }

    return 0;
}


int
virCPUDefParseXML(xmlNodePtr node,
                  unsigned int flags,
                  virCPUDef **ret)
{
    g_autoptr(virCPUDef) def = virCPUDefNew();
    int val;

    /* An absent mode means custom, as in libvirt. */
    val = VIR_CPU_MODE_CUSTOM;
    if (virXMLPropEnum(node, "mode", virCPUModeTypeFromString,
                       VIR_XML_PROP_NONE, &val) < 0)
        return -1;
    def->mode = val;

    val = 0;
    if (virXMLPropEnum(node, "match", virCPUMatchTypeFromString,
                       VIR_XML_PROP_NONZERO, &val) < 0)
        return -1;
    def->match = val;

    val = 0;
    if (virXMLPropEnum(node, "check", virCPUCheckTypeFromString,
                       VIR_XML_PROP_NONZERO, &val) < 0)
        return -1;
    def->check = val;

    val = 0;
    if (virXMLPropEnum(node, "migratable", virTristateSwitchTypeFromString,
                       VIR_XML_PROP_NONZERO, &val) < 0)
        return -1;
    def->migratable = val;

    val = 0;
    if (virXMLPropEnum(node, "deprecated_features",
                       virTristateSwitchTypeFromString,
                       VIR_XML_PROP_NONZERO, &val) < 0)
        return -1;
    def->deprecatedFeatures = val;

    if (virCPUDefParseChildren(node, def, flags) < 0)
        return -1;

    *ret = g_steal_pointer(&def);
    return 0;
}


static int
virCPUDefValidateVendorId(const char *vendorId)
{
    if (strlen(vendorId) != VIR_CPU_VENDOR_ID_LENGTH ||
        strchr(vendorId, ',')) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("CPU vendor_id '%s' must be exactly 12 characters long and contain no comma"),
                       vendorId);
        return -1;
    }
    return 0;
}


/* What a custom CPU without a model may still say, and that host-model
 * takes a <model> for its fallback only, not a name.  The other modes take
 * no <model> element at all: virCPUDefParseXML refuses it.  A mode out of
 * range is refused too. */
static int
virCPUDefValidateModel(const virCPUDef *def)
{
    switch (def->mode) {
    case VIR_CPU_MODE_CUSTOM:
        if (!def->model) {
            if (def->match != VIR_CPU_MATCH_ABSENT) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                               _("the 'match' attribute of a custom CPU needs a <model>"));
                return -1;
            }
            if (def->nfeatures > 0) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                               _("CPU features of a custom CPU need a <model>"));
                return -1;
            }
            if (def->fallback != VIR_CPU_FALLBACK_ABSENT || def->vendorId) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                               _("the <model> element of a custom CPU needs a model name"));
                return -1;
            }
        }
        break;

    case VIR_CPU_MODE_HOST_MODEL:
        if (def->model) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("CPU mode 'host-model' takes no model name, but '%s' was given"),
                           def->model);
            return -1;
        }
        break;

    case VIR_CPU_MODE_HOST_RECOMMENDED:
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
        /* virCPUDefParseXML refuses their <model> element, empty or not:
         * an empty one leaves nothing here to check */
        break;

    case VIR_CPU_MODE_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unexpected CPU mode '%d'"), def->mode);
        return -1;
    }

    return 0;
}


/* The policies of the features: virCPUDefParseXML checked their names,
 * their number and that none is listed twice. */
static int
virCPUDefValidateFeatures(const virCPUDef *def)
{
    size_t i;

    for (i = 0; i < def->nfeatures; i++) {
        const virCPUFeatureDef *feature = &def->features[i];

        if (!virCPUFeaturePolicyTypeToString(feature->policy)) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("unexpected policy '%d' of CPU feature '%s'"),
                           feature->policy, feature->name);
            return -1;
        }
    }

    return 0;
}


int
virCPUDefValidate(const virCPUDef *def)
{
    const char *mode;
    unsigned int topologyVcpus;

    /* it refuses a mode out of range, so @mode is a name below */
    if (virCPUDefValidateModel(def) < 0)
        return -1;
    mode = virCPUModeTypeToString(def->mode);

    if (def->match != VIR_CPU_MATCH_ABSENT &&
        !virCPUModeRulesTable[def->mode].match) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("CPU mode '%s' takes no 'match' attribute"), mode);
        return -1;
    }

    if (def->migratable != VIR_TRISTATE_SWITCH_ABSENT &&
        !virCPUModeRulesTable[def->mode].migratable) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the 'migratable' attribute is only allowed with CPU mode 'host-passthrough' or 'maximum', not '%s'"),
                       mode);
        return -1;
    }

    if (def->deprecatedFeatures != VIR_TRISTATE_SWITCH_ABSENT &&
        !virCPUModeRulesTable[def->mode].deprecatedFeatures) {
        /* libvirt 11.3 takes it on every other mode */
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the 'deprecated_features' attribute is not allowed with CPU mode '%s', which always turns the deprecated features off"),
                       mode);
        return -1;
    }

    if (def->vendor && !def->model) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("CPU vendor '%s' is given without a CPU model"),
                       def->vendor);
        return -1;
    }

    if (def->vendorId && virCPUDefValidateVendorId(def->vendorId) < 0)
        return -1;

    /* the model name and the topology's non-zero counts are
     * virCPUDefParseXML's; their product is checked here */
    if (def->topology && virCPUTopologyGetVcpus(def->topology, &topologyVcpus) < 0)
        return -1;

    if (virCPUDefValidateFeatures(def) < 0)
        return -1;

    return 0;
}


/* libvirt writes these defaults out in the domain XML, so the canonical
 * form does too; domain capabilities and a host CPU write only what is
 * set. */
static virCPUMatch
virCPUDefEffectiveMatch(const virCPUDef *def)
{
    return def->match != VIR_CPU_MATCH_ABSENT ? def->match : VIR_CPU_MATCH_EXACT;
}


static virCPUFallback
virCPUDefEffectiveFallback(const virCPUDef *def,
                           unsigned int flags)
{
    if (def->fallback != VIR_CPU_FALLBACK_ABSENT ||
        (flags & (VIR_CPU_FORMAT_HOST | VIR_CPU_FORMAT_BODY)))
        return def->fallback;
    return def->model ? VIR_CPU_FALLBACK_ALLOW : VIR_CPU_FALLBACK_ABSENT;
}


static void
virCPUDefFormatAttributes(GString *buf,
                          const virCPUDef *def)
{
    /* A custom CPU without a model only describes the topology: like
     * libvirt, write neither mode nor match then. */
    if (def->mode != VIR_CPU_MODE_CUSTOM || def->model) {
        g_string_append_printf(buf, " mode='%s'",
                               virCPUModeTypeToString(def->mode));
        if (def->mode == VIR_CPU_MODE_CUSTOM)
            g_string_append_printf(buf, " match='%s'",
                                   virCPUMatchTypeToString(virCPUDefEffectiveMatch(def)));
    }

    if (def->check != VIR_CPU_CHECK_ABSENT)
        g_string_append_printf(buf, " check='%s'",
                               virCPUCheckTypeToString(def->check));

    if (def->migratable != VIR_TRISTATE_SWITCH_ABSENT)
        g_string_append_printf(buf, " migratable='%s'",
                               virTristateSwitchTypeToString(def->migratable));

    if (def->deprecatedFeatures != VIR_TRISTATE_SWITCH_ABSENT)
        g_string_append_printf(buf, " deprecated_features='%s'",
                               virTristateSwitchTypeToString(def->deprecatedFeatures));
}


static void
virCPUDefFormatModel(GString *buf,
                     const virCPUDef *def,
                     int indent,
                     unsigned int flags)
{
    virCPUFallback fallback = virCPUDefEffectiveFallback(def, flags);

    if (!def->model && fallback == VIR_CPU_FALLBACK_ABSENT && !def->vendorId)
        return;

    virBufferIndentPrintf(buf, indent, "<model");
    if (fallback != VIR_CPU_FALLBACK_ABSENT)
        g_string_append_printf(buf, " fallback='%s'",
                               virCPUFallbackTypeToString(fallback));
    if (def->vendorId) {
        g_string_append(buf, " vendor_id='");
        virBufferEscapeXML(buf, def->vendorId);
        g_string_append_c(buf, '\'');
    }

    if (def->model) {
        g_string_append_c(buf, '>');
        virBufferEscapeXML(buf, def->model);
        g_string_append(buf, "</model>\n");
    } else {
        g_string_append(buf, "/>\n");
    }
}


/* reason='' and, for a dependent, requires='' of @feature. */
static void
virCPUDefFormatFeatureReason(GString *buf,
                             const virCPUFeatureDef *feature)
{
    switch (feature->reason) {
    case VIR_CPU_FEATURE_REASON_NONE:
        break;
    case VIR_CPU_FEATURE_REASON_DEPRECATED:
        g_string_append_printf(buf, " reason='%s'",
                               virCPUFeatureReasonTypeToString(feature->reason));
        break;
    case VIR_CPU_FEATURE_REASON_REQUIRES:
        g_string_append_printf(buf, " reason='%s'",
                               virCPUFeatureReasonTypeToString(feature->reason));
        if (feature->requires) {
            g_string_append(buf, " requires='");
            virBufferEscapeXML(buf, feature->requires);
            g_string_append_c(buf, '\'');
        }
        break;
    case VIR_CPU_FEATURE_REASON_LAST:
    default:
        break;
    }
}


static void
virCPUDefFormatFeatures(GString *buf,
                        const virCPUDef *def,
                        int indent,
                        unsigned int flags)
{
    size_t i;

    for (i = 0; i < def->nfeatures; i++) {
        const virCPUFeatureDef *feature = &def->features[i];

        virBufferIndentPrintf(buf, indent, "<feature");
        if (!(flags & VIR_CPU_FORMAT_HOST) ||
            feature->policy != VIR_CPU_FEATURE_REQUIRE)
            g_string_append_printf(buf, " policy='%s'",
                                   virCPUFeaturePolicyTypeToString(feature->policy));
        g_string_append(buf, " name='");
        virBufferEscapeXML(buf, feature->name);
        g_string_append_c(buf, '\'');
        if (flags & VIR_CPU_FORMAT_REASONS)
            virCPUDefFormatFeatureReason(buf, feature);
        g_string_append(buf, "/>\n");
    }
}


/* The child elements of <cpu>, in libvirt's order. */
static void
virCPUDefFormatChildren(GString *buf,
                        const virCPUDef *def,
                        int indent,
                        unsigned int flags)
{
    const virCPUTopology *topology = def->topology;

    virCPUDefFormatModel(buf, def, indent, flags);

    if (def->vendor) {
        virBufferIndentPrintf(buf, indent, "<vendor>");
        virBufferEscapeXML(buf, def->vendor);
        g_string_append(buf, "</vendor>\n");
    }

    /* dies and clusters default to 1, and libvirt writes all five. */
    if (topology) {
        virBufferIndentPrintf(buf, indent,
                              "<topology sockets='%u' dies='%u' clusters='%u' cores='%u' threads='%u'/>\n",
                              topology->sockets,
                              topology->dies ? topology->dies : 1,
                              topology->clusters ? topology->clusters : 1,
                              topology->cores,
                              topology->threads);
    }

    if (def->cache)
        virCPUKeptFormat(buf, def->cache, indent);
    if (def->maxphysaddr)
        virCPUKeptFormat(buf, def->maxphysaddr, indent);

    virCPUDefFormatFeatures(buf, def, indent, flags);

    if (def->numa)
        virCPUKeptFormat(buf, def->numa, indent);
}


void
virCPUDefFormatBuf(GString *buf,
                   const virCPUDef *def,
                   int indent,
                   unsigned int flags)
{
    if (flags & VIR_CPU_FORMAT_BODY) {
        virCPUDefFormatChildren(buf, def, indent, flags);
        return;
    }

    virBufferIndentPrintf(buf, indent, "<cpu");
    if (!(flags & VIR_CPU_FORMAT_HOST))
        virCPUDefFormatAttributes(buf, def);

    if (!def->model && !def->vendorId && !def->vendor &&
        def->fallback == VIR_CPU_FALLBACK_ABSENT &&
        !def->topology && def->nfeatures == 0 &&
        !def->cache && !def->maxphysaddr && !def->numa) {
        g_string_append(buf, "/>\n");
        return;
    }
    g_string_append(buf, ">\n");
    virCPUDefFormatChildren(buf, def, indent + 1, flags);
    virBufferIndentPrintf(buf, indent, "</cpu>\n");
}


char *
virCPUDefFormat(const virCPUDef *def)
{
    g_autoptr(GString) buf = g_string_new(NULL);

    virCPUDefFormatBuf(buf, def, 0, 0);
    return g_string_free(g_steal_pointer(&buf), FALSE);
}


virCPUFeatureDef *
virCPUDefFindFeature(const virCPUDef *def,
                     const char *name)
{
    size_t i;

    for (i = 0; i < def->nfeatures; i++) {
        if (STREQ(def->features[i].name, name))
            return &def->features[i];
    }
    return NULL;
}


/* qsort() order of features: by name */
static int
virCPUFeatureDefCompare(const void *a,
                        const void *b)
{
    return strcmp(((const virCPUFeatureDef *)a)->name,
                  ((const virCPUFeatureDef *)b)->name);
}


void
virCPUDefSortFeatures(virCPUDef *def)
{
    if (def->nfeatures > 1)
        qsort(def->features, def->nfeatures, sizeof(*def->features),
              virCPUFeatureDefCompare);
}


virCPUFeatureDef *
virCPUDefAddFeature(virCPUDef *def,
                    const char *name,
                    virCPUFeaturePolicy policy)
{
    virCPUFeatureDef *feature;

    if (def->nfeatures == virArrayCapacity(def->nfeatures)) {
        def->features = g_renew(virCPUFeatureDef, def->features,
                                virArrayCapacity(def->nfeatures + 1));
    }
    feature = &def->features[def->nfeatures++];
    memset(feature, 0, sizeof(*feature));
    feature->name = g_strdup(name);
    feature->policy = policy;
    return feature;
}


virCPUFeatureDef *
virCPUDefUpdateFeature(virCPUDef *def,
                       const char *name,
                       virCPUFeaturePolicy policy)
{
    virCPUFeatureDef *feature = virCPUDefFindFeature(def, name);

    if (!feature)
        return virCPUDefAddFeature(def, name, policy);

    feature->policy = policy;
    return feature;
}


bool
virCPUFeaturePolicyIsEnabled(virCPUFeaturePolicy policy)
{
    switch (policy) {
    case VIR_CPU_FEATURE_FORCE:
    case VIR_CPU_FEATURE_REQUIRE:
        return true;
    case VIR_CPU_FEATURE_OPTIONAL:
    case VIR_CPU_FEATURE_DISABLE:
    case VIR_CPU_FEATURE_FORBID:
    case VIR_CPU_FEATURE_LAST:
    default:
        return false;
    }
}
