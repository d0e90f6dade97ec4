/*
 * domain_capabilities.c: the <domainCapabilities> document
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "domain_capabilities.h"
#include "virxml.h"

VIR_ENUM_IMPL(virDomainCapsCPUUsable, VIR_DOMAIN_CAPS_CPU_USABLE_LAST,
              "unknown", "yes", "no");
VIR_ENUM_IMPL(virDomainCapsCPUUnsupportedReason, VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_LAST,
              "", "host-model-unsupported", "deprecated-features-unreported",
              "machine-allows-no-cpu-model");

virDomainCaps *
virDomainCapsNew(const char *path,
                 virDomainVirtType virttype,
                 const char *machine,
                 const char *arch)
{
    virDomainCaps *caps = g_new0(virDomainCaps, 1);

    caps->path = g_strdup(path);
    caps->virttype = virttype;
    caps->machine = g_strdup(machine);
    caps->arch = g_strdup(arch);
    return caps;
}

static void
virDomainCapsCPUModelClear(virDomainCapsCPUModel *model)
{
    size_t i;

    for (i = 0; i < model->nblockers; i++)
        g_free(model->blockers[i].name);
    g_free(model->blockers);
    g_free(model->name);
    g_free(model->vendor);
}

void
virDomainCapsFree(virDomainCaps *caps)
{
    size_t i;

    if (!caps)
        return;

    for (i = 0; i < caps->cpu.nmodels; i++)
        virDomainCapsCPUModelClear(&caps->cpu.models[i]);
    g_free(caps->cpu.models);
    virCPUDefFree(caps->cpu.hostModel);
    virCPUDefFree(caps->cpu.hostRecommended);
    g_free(caps->cpu.hostRecommendedMessage);
    g_free(caps->path);
    g_free(caps->machine);
    g_free(caps->arch);
    g_free(caps);
}

virDomainCapsCPUModel *
virDomainCapsAddCPUModel(virDomainCaps *caps,
                         const char *name,
                         virDomainCapsCPUUsable usable,
                         bool deprecated,
                         const char *vendor)
{
    virDomainCapsCPUModel *model;

    caps->cpu.models = g_renew(virDomainCapsCPUModel, caps->cpu.models,
                               caps->cpu.nmodels + 1);
    model = &caps->cpu.models[caps->cpu.nmodels++];
    memset(model, 0, sizeof(*model));
    model->name = g_strdup(name);
    model->usable = usable;
    model->deprecated = deprecated;
    model->vendor = g_strdup(vendor);
    return model;
}

void
virDomainCapsCPUModelAddBlocker(virDomainCapsCPUModel *model,
                                const char *name,
                                bool deprecated)
{
    model->blockers = g_renew(virDomainCapsCPUBlocker, model->blockers,
                              model->nblockers + 1);
    model->blockers[model->nblockers].name = g_strdup(name);
    model->blockers[model->nblockers].deprecated = deprecated;
    model->nblockers++;
}

bool
virDomainCapsCPUModelBlockedOnlyByDeprecated(const virDomainCapsCPUModel *model)
{
    size_t i;

    if (model->nblockers == 0)
        return false;

    for (i = 0; i < model->nblockers; i++) {
        if (!model->blockers[i].deprecated)
            return false;
    }
    return true;
}

static int
virDomainCapsCPUModelCompare(const void *a,
                             const void *b)
{
    const virDomainCapsCPUModel *ma = a;
    const virDomainCapsCPUModel *mb = b;

    return strcmp(ma->name, mb->name);
}

static int
virDomainCapsCPUBlockerCompare(const void *a,
                               const void *b)
{
    const virDomainCapsCPUBlocker *ba = a;
    const virDomainCapsCPUBlocker *bb = b;

    return strcmp(ba->name, bb->name);
}

void
virDomainCapsSortCPUModels(virDomainCaps *caps)
{
    size_t i;

    if (caps->cpu.nmodels > 1)
        qsort(caps->cpu.models, caps->cpu.nmodels,
              sizeof(*caps->cpu.models), virDomainCapsCPUModelCompare);

    for (i = 0; i < caps->cpu.nmodels; i++) {
        virDomainCapsCPUModel *model = &caps->cpu.models[i];

        if (model->nblockers > 1)
            qsort(model->blockers, model->nblockers,
                  sizeof(*model->blockers), virDomainCapsCPUBlockerCompare);
    }
}

void
virDomainCapsSetHostRecommendedUnsupported(virDomainCaps *caps,
                                           virDomainCapsCPUUnsupportedReason reason,
                                           const char *message)
{
    g_clear_pointer(&caps->cpu.hostRecommended, virCPUDefFree);
    caps->cpu.hostRecommendedReason = reason;
    g_free(caps->cpu.hostRecommendedMessage);
    caps->cpu.hostRecommendedMessage = g_strdup(message);
}


/* ---- Formatting ------------------------------------------------------- */

static void
virDomainCapsFormatText(GString *buf,
                        int indent,
                        const char *element,
                        const char *text)
{
    virBufferIndentPrintf(buf, indent, "<%s>", element);
    virBufferEscapeXML(buf, text);
    g_string_append_printf(buf, "</%s>\n", element);
}

static void
virDomainCapsFormatMigratable(GString *buf,
                              int indent,
                              const char *mode,
                              bool supported,
                              const char *enumName,
                              const virDomainCapsCPUMigratable *migratable)
{
    size_t i;

    if (!supported || migratable->nvalues == 0) {
        virBufferIndentPrintf(buf, indent, "<mode name='%s' supported='%s'/>\n",
                              mode, supported ? "yes" : "no");
        return;
    }

    virBufferIndentPrintf(buf, indent, "<mode name='%s' supported='yes'>\n", mode);
    virBufferIndentPrintf(buf, indent + 1, "<enum name='%s'>\n", enumName);
    for (i = 0; i < migratable->nvalues; i++)
        virDomainCapsFormatText(buf, indent + 2, "value",
                                virTristateSwitchTypeToString(migratable->values[i]));
    virBufferIndentPrintf(buf, indent + 1, "</enum>\n");
    virBufferIndentPrintf(buf, indent, "</mode>\n");
}

/* host-model and host-recommended: the expanded CPU inside <mode>, each
 * feature with the reason for its policy when it has one. */
static void
virDomainCapsFormatHostModel(GString *buf,
                             int indent,
                             const char *mode,
                             const virCPUDef *cpu,
                             virDomainCapsCPUUnsupportedReason reason)
{
    if (!cpu) {
        virBufferIndentPrintf(buf, indent, "<mode name='%s' supported='no'", mode);
        if (reason != VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_NONE)
            g_string_append_printf(buf, " reason='%s'",
                                   virDomainCapsCPUUnsupportedReasonTypeToString(reason));
        g_string_append(buf, "/>\n");
        return;
    }

    virBufferIndentPrintf(buf, indent, "<mode name='%s' supported='yes'>\n", mode);
    virCPUDefFormatBuf(buf, cpu, indent + 1, VIR_CPU_FORMAT_BODY | VIR_CPU_FORMAT_REASONS);
    virBufferIndentPrintf(buf, indent, "</mode>\n");
}

static void
virDomainCapsFormatCustom(GString *buf,
                          int indent,
                          const virDomainCapsCPU *cpu)
{
    size_t i;
    size_t j;

    if (cpu->nmodels == 0) {
        virBufferIndentPrintf(buf, indent, "<mode name='custom' supported='no'/>\n");
        return;
    }

    virBufferIndentPrintf(buf, indent, "<mode name='custom' supported='yes'>\n");
    for (i = 0; i < cpu->nmodels; i++) {
        const virDomainCapsCPUModel *model = &cpu->models[i];
        bool deprecatedOnly = virDomainCapsCPUModelBlockedOnlyByDeprecated(model);

        virBufferIndentPrintf(buf, indent + 1, "<model usable='%s'",
                              virDomainCapsCPUUsableTypeToString(model->usable));
        if (model->deprecated)
            g_string_append(buf, " deprecated='yes'");
        if (model->vendor) {
            g_string_append(buf, " vendor='");
            virBufferEscapeXML(buf, model->vendor);
            g_string_append_c(buf, '\'');
        }
        g_string_append_c(buf, '>');
        virBufferEscapeXML(buf, model->name);
        g_string_append(buf, "</model>\n");

        if (model->nblockers == 0)
            continue;

        virBufferIndentPrintf(buf, indent + 1, "<blockers model='");
        virBufferEscapeXML(buf, model->name);
        g_string_append_c(buf, '\'');
        if (deprecatedOnly)
            g_string_append(buf, " deprecatedOnly='yes'");
        g_string_append(buf, ">\n");
        for (j = 0; j < model->nblockers; j++) {
            virBufferIndentPrintf(buf, indent + 2, "<feature name='");
            virBufferEscapeXML(buf, model->blockers[j].name);
            g_string_append_c(buf, '\'');
            if (model->blockers[j].deprecated)
                g_string_append(buf, " deprecated='yes'");
            g_string_append(buf, "/>\n");
        }
        virBufferIndentPrintf(buf, indent + 1, "</blockers>\n");
    }
    virBufferIndentPrintf(buf, indent, "</mode>\n");
}

char *
virDomainCapsFormat(const virDomainCaps *caps)
{
    GString *buf = g_string_new(NULL);
    const virDomainCapsCPU *cpu = &caps->cpu;

    g_string_append(buf, "<domainCapabilities>\n");
    if (caps->path)
        virDomainCapsFormatText(buf, 1, "path", caps->path);
    virDomainCapsFormatText(buf, 1, "domain",
                            virDomainVirtTypeToString(caps->virttype));
    if (caps->machine)
        virDomainCapsFormatText(buf, 1, "machine", caps->machine);
    virDomainCapsFormatText(buf, 1, "arch", caps->arch);
    if (caps->maxvcpus)
        virBufferIndentPrintf(buf, 1, "<vcpu max='%u'/>\n", caps->maxvcpus);

    virBufferIndentPrintf(buf, 1, "<cpu>\n");
    virDomainCapsFormatMigratable(buf, 2, "host-passthrough", cpu->hostPassthrough,
                                  "hostPassthroughMigratable",
                                  &cpu->hostPassthroughMigratable);
    virDomainCapsFormatMigratable(buf, 2, "maximum", cpu->maximum,
                                  "maximumMigratable", &cpu->maximumMigratable);
    virDomainCapsFormatHostModel(buf, 2, "host-model", cpu->hostModel,
                                 VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_NONE);
    virDomainCapsFormatHostModel(buf, 2, "host-recommended", cpu->hostRecommended,
                                 cpu->hostRecommendedReason);
    virDomainCapsFormatCustom(buf, 2, cpu);
    virBufferIndentPrintf(buf, 1, "</cpu>\n");

    g_string_append(buf, "</domainCapabilities>\n");
    return g_string_free(buf, FALSE);
}
