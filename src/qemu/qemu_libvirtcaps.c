/*
 * qemu_libvirtcaps.c: QEMU capabilities from a libvirt daemon's answers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "qemu_libvirtcaps.h"
#include "qemu_host.h"
#include "virerror.h"
#include "virqemu.h"
#include "virxml.h"

/* One document's parts that hostrec reads. */
typedef struct {
    xmlDocPtr doc;
    char *path;
    char *domain;
    char *machine;
    char *arch;
    xmlNodePtr hostModel;       /* <mode name='host-model'>, NULL when absent */
    xmlNodePtr custom;          /* <mode name='custom'>, NULL when absent */
} virQEMUCapsLibvirtDoc;

static void
virQEMUCapsLibvirtDocClear(virQEMUCapsLibvirtDoc *d)
{
    g_free(d->path);
    g_free(d->domain);
    g_free(d->machine);
    g_free(d->arch);
    if (d->doc)
        xmlFreeDoc(d->doc);
    memset(d, 0, sizeof(*d));
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virQEMUCapsLibvirtDoc, virQEMUCapsLibvirtDocClear);

static char *
virQEMUCapsLibvirtText(xmlNodePtr root,
                       const char *name)
{
    xmlNodePtr node = virXMLNodeGetChild(root, name);

    return node ? virXMLNodeContentString(node) : NULL;
}

static int
virQEMUCapsLibvirtDocParse(const char *xml,
                           const char *name,
                           virQEMUCapsLibvirtDoc *d)
{
    xmlNodePtr root;
    xmlNodePtr cpu;
    xmlNodePtr node;

    if (!(d->doc = virXMLParseString(xml, strlen(xml), name)))
        return -1;
    root = xmlDocGetRootElement(d->doc);
    if (!root || STRNEQ((const char *)root->name, "domainCapabilities")) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("the domain capabilities of %s have no <domainCapabilities> root"),
                       name);
        return -1;
    }

    d->path = virQEMUCapsLibvirtText(root, "path");
    d->domain = virQEMUCapsLibvirtText(root, "domain");
    d->machine = virQEMUCapsLibvirtText(root, "machine");
    d->arch = virQEMUCapsLibvirtText(root, "arch");
    if (!d->path || !d->domain || !d->arch) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("the domain capabilities of %s lack <path>, <domain> or <arch>"),
                       name);
        return -1;
    }
    if (virQEMUNameCheck(VIR_QEMU_NAME_ARCH, d->arch, VIR_ERR_XML_DETAIL, name) < 0 ||
        (d->machine &&
         virQEMUNameCheck(VIR_QEMU_NAME_MACHINE, d->machine, VIR_ERR_XML_DETAIL, name) < 0))
        return -1;

    if (!(cpu = virXMLNodeGetChild(root, "cpu")))
        return 0;
    for (node = cpu->children; node; node = node->next) {
        g_autofree char *mode = NULL;

        if (node->type != XML_ELEMENT_NODE || STRNEQ((const char *)node->name, "mode"))
            continue;
        mode = virXMLPropString(node, "name");
        if (STREQ_NULLABLE(mode, "host-model"))
            d->hostModel = node;
        else if (STREQ_NULLABLE(mode, "custom"))
            d->custom = node;
    }
    return 0;
}

/* The host-model CPU of @d: base model and the features with their
 * policy, in document order, each name checked.  *@disabled lists the
 * features with policy 'disable'. */
static int
virQEMUCapsLibvirtHostModel(const virQEMUCapsLibvirtDoc *d,
                            const char *name,
                            virCPUHostModel **host,
                            GPtrArray *disabled)
{
    g_autoptr(virCPUHostModel) ret = virCPUHostModelNew();
    g_autofree char *supported = NULL;
    xmlNodePtr node;

    if (d->hostModel)
        supported = virXMLPropString(d->hostModel, "supported");
    if (!d->hostModel || !STREQ_NULLABLE(supported, "yes")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the domain capabilities of %s have no supported host-model CPU"),
                       name);
        return -1;
    }

    for (node = d->hostModel->children; node; node = node->next) {
        g_autofree char *fname = NULL;
        g_autofree char *policy = NULL;

        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (STREQ((const char *)node->name, "model")) {
            g_free(ret->model);
            ret->model = virXMLNodeContentString(node);
            if (!ret->model ||
                virQEMUNameCheck(VIR_QEMU_NAME_CPU_MODEL, ret->model,
                                 VIR_ERR_XML_DETAIL, name) < 0)
                return -1;
            continue;
        }
        if (STRNEQ((const char *)node->name, "feature"))
            continue;

        fname = virXMLPropString(node, "name");
        policy = virXMLPropString(node, "policy");
        if (!fname ||
            virQEMUNameCheck(VIR_QEMU_NAME_CPU_FEATURE, fname, VIR_ERR_XML_DETAIL, name) < 0)
            return -1;
        if (ret->nprops >= VIR_CPU_MAX_FEATURES) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the host-model CPU of %s has more than %d features"),
                           name, VIR_CPU_MAX_FEATURES);
            return -1;
        }
        if (STREQ_NULLABLE(policy, "disable")) {
            g_ptr_array_add(disabled, g_strdup(fname));
            virCPUHostModelAddProp(ret, fname, false);
        } else if (STREQ_NULLABLE(policy, "require")) {
            virCPUHostModelAddProp(ret, fname, true);
        } else {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("feature '%s' of the host-model CPU of %s has policy '%s', not 'require' or 'disable'"),
                           fname, name, NULLSTR(policy));
            return -1;
        }
    }

    if (!ret->model) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("the host-model CPU of %s has no <model>"), name);
        return -1;
    }
    *host = g_steal_pointer(&ret);
    return 0;
}

static bool
virQEMUCapsLibvirtContains(GPtrArray *list,
                           const char *name)
{
    size_t i;

    for (i = 0; i < list->len; i++) {
        if (STREQ(g_ptr_array_index(list, i), name))
            return true;
    }
    return false;
}

/* The two documents parsed, checked to describe the same target, with
 * the deprecated set and the plain host CPU. */
static int
virQEMUCapsLibvirtLoad(const char *plain,
                       const char *withoutDeprecated,
                       const char *name,
                       virQEMUCapsLibvirtDoc *a,
                       virCPUHostModel **host,
                       char ***deprecated)
{
    g_auto(virQEMUCapsLibvirtDoc) b = { 0 };
    g_autoptr(virCPUHostModel) hostA = NULL;
    g_autoptr(virCPUHostModel) hostB = NULL;
    g_autoptr(GPtrArray) offA = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) offB = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    if (virQEMUCapsLibvirtDocParse(plain, name, a) < 0 ||
        virQEMUCapsLibvirtDocParse(withoutDeprecated, name, &b) < 0)
        return -1;

    if (STRNEQ(a->path, b.path) || STRNEQ(a->domain, b.domain) ||
        STRNEQ(a->arch, b.arch) || !STREQ_NULLABLE(a->machine, b.machine)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("the two domain capabilities of %s describe different emulators, arches, machines or virt types"),
                       name);
        return -1;
    }

    if (virQEMUCapsLibvirtHostModel(a, name, &hostA, offA) < 0 ||
        virQEMUCapsLibvirtHostModel(&b, name, &hostB, offB) < 0)
        return -1;

    for (i = 0; i < offB->len; i++) {
        const char *f = g_ptr_array_index(offB, i);

        if (!virQEMUCapsLibvirtContains(offA, f))
            g_ptr_array_add(ret, g_strdup(f));
    }
    g_ptr_array_add(ret, NULL);

    if (host)
        *host = g_steal_pointer(&hostA);
    *deprecated = (char **)g_ptr_array_free(g_steal_pointer(&ret), FALSE);
    return 0;
}

int
virQEMUCapsDeprecatedFromDomainCaps(const char *plain,
                                    const char *withoutDeprecated,
                                    const char *name,
                                    char ***deprecated)
{
    g_auto(virQEMUCapsLibvirtDoc) a = { 0 };

    return virQEMUCapsLibvirtLoad(plain, withoutDeprecated, name, &a, NULL, deprecated);
}

/* The models of mode 'custom', as libvirt lists them. */
static int
virQEMUCapsLibvirtModels(const virQEMUCapsLibvirtDoc *d,
                         const char *name,
                         virQEMUCapsAccel *accel)
{
    g_autoptr(GArray) models = g_array_new(FALSE, TRUE, sizeof(virQEMUCapsCPUModel));
    xmlNodePtr node;

    if (!d->custom)
        return 0;

    /* on failure the models so far are cleared with the array; on
     * success its data is handed over as it is */
    g_array_set_clear_func(models, (GDestroyNotify)virQEMUCapsCPUModelClear);

    for (node = d->custom->children; node; node = node->next) {
        virQEMUCapsCPUModel m = { 0 };
        g_autofree char *usable = NULL;
        g_autofree char *deprecated = NULL;

        if (node->type != XML_ELEMENT_NODE || STRNEQ((const char *)node->name, "model"))
            continue;
        if (models->len >= VIR_CPU_MAX_FEATURES) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the domain capabilities of %s list more than %d CPU models"),
                           name, VIR_CPU_MAX_FEATURES);
            return -1;
        }
        m.name = virXMLNodeContentString(node);
        if (!m.name ||
            virQEMUNameCheck(VIR_QEMU_NAME_CPU_MODEL, m.name, VIR_ERR_XML_DETAIL, name) < 0) {
            g_free(m.name);
            return -1;
        }
        usable = virXMLPropString(node, "usable");
        deprecated = virXMLPropString(node, "deprecated");
        if (STREQ_NULLABLE(usable, "yes"))
            m.usable = VIR_TRISTATE_BOOL_YES;
        else if (STREQ_NULLABLE(usable, "no"))
            m.usable = VIR_TRISTATE_BOOL_NO;
        m.deprecated = STREQ_NULLABLE(deprecated, "yes");
        /* as for a probed QEMU: from hostrec's own table, not the text */
        m.vendor = g_strdup(virCPUGetModelVendor(d->arch, m.name));
        g_array_append_val(models, m);
    }

    accel->nmodels = models->len;
    accel->models = (virQEMUCapsCPUModel *)g_array_free(g_steal_pointer(&models), FALSE);
    accel->hasModels = true;
    return 0;
}

int
virQEMUCapsNewFromDomainCaps(const char *plain,
                             const char *withoutDeprecated,
                             const char *name,
                             unsigned int version,
                             virQEMUCaps **caps)
{
    g_auto(virQEMUCapsLibvirtDoc) a = { 0 };
    g_autoptr(virQEMUCaps) ret = virQEMUCapsNew();
    g_autoptr(virCPUHostModel) host = NULL;
    g_auto(GStrv) deprecated = NULL;
    virQEMUCapsAccel *accel;
    int virtType;
    size_t i;

    if (virQEMUCapsLibvirtLoad(plain, withoutDeprecated, name, &a, &host, &deprecated) < 0)
        return -1;

    if ((virtType = virDomainVirtTypeFromString(a.domain)) < 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the domain capabilities of %s are for virt type '%s': hostrec knows 'kvm' and 'qemu'"),
                       name, a.domain);
        return -1;
    }

    ret->binary = g_strdup(a.path);
    ret->arch = g_strdup(a.arch);
    ret->version = version;
    ret->kvmAvailable = virtType == VIR_DOMAIN_VIRT_KVM;

    accel = &ret->accels[virtType];
    accel->probed = true;
    if (a.machine) {
        accel->machines = g_new0(virQEMUCapsMachine, 1);
        accel->nmachines = 1;
        accel->machines[0].name = g_strdup(a.machine);
        accel->machines[0].isDefault = true;
    }
    if (virQEMUCapsLibvirtModels(&a, name, accel) < 0)
        return -1;

    /* the deprecated set as QEMU's full expansion would list it; the
     * static one holds those the host CPU has */
    host->hostDeprecated = g_new0(char *, g_strv_length(deprecated) + 1);
    for (i = 0; deprecated[i]; i++) {
        size_t j;
        size_t n = 0;

        for (j = 0; j < host->nprops; j++) {
            if (STREQ(host->props[j].name, deprecated[i]) && host->props[j].enabled)
                break;
        }
        while (host->hostDeprecated[n])
            n++;
        if (j < host->nprops)
            host->hostDeprecated[n] = g_strdup(deprecated[i]);
    }
    host->deprecated = g_steal_pointer(&deprecated);
    accel->hostCPU = g_steal_pointer(&host);

    *caps = g_steal_pointer(&ret);
    return 0;
}
