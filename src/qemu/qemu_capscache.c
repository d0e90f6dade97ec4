/*
 * qemu_capscache.c: the on-disk cache of QEMU capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "qemu_capscache.h"
#include "qemu_cpu_baseline.h"
#include "qemu_host.h"
#include "virenum.h"
#include "virerror.h"
#include "virfile.h"
#include "virqemu.h"
#include "virstring.h"
#include "virxml.h"

/* The virt types (virDomainVirtType order) as libvirt's cache names them. */
const char *virQEMUCapsCacheVirtTypeToString(int type);
int virQEMUCapsCacheVirtTypeFromString(const char *str);
VIR_ENUM_IMPL(virQEMUCapsCacheVirt, VIR_DOMAIN_VIRT_LAST,
              "tcg", "kvm");

/* Formatting order of the virt types: KVM first, as libvirt does. */
static const virDomainVirtType virQEMUCapsCacheVirtOrder[] = {
    VIR_DOMAIN_VIRT_KVM,
    VIR_DOMAIN_VIRT_QEMU,
};
G_STATIC_ASSERT(G_N_ELEMENTS(virQEMUCapsCacheVirtOrder) == VIR_DOMAIN_VIRT_LAST);


void
virQEMUCapsStampFree(virQEMUCapsStamp *stamp)
{
    if (!stamp)
        return;
    g_free(stamp->binary);
    g_free(stamp->selfVers);
    g_free(stamp->hostCPU);
    g_free(stamp);
}


/* Lines of /proc/cpuinfo that identify the CPU (x86: vendor_id, cpu
 * family, model, model name, stepping, microcode, flags; s390x: vendor_id,
 * facilities, the machine type in "processor N:" lines is in "machine";
 * arm: CPU implementer/part/variant/revision, Features).  Lines that
 * change at run time (cpu MHz, bogomips) are left out. */
static const char *const virQEMUCapsCPUInfoKeys[] = {
    "vendor_id", "cpu family", "model", "model name", "stepping",
    "microcode", "flags", "facilities", "features", "Features",
    "CPU implementer", "CPU architecture", "CPU variant", "CPU part",
    "CPU revision", "cpu", "revision", "machine",
};


/* A hash of what identifies the host CPU: uname's machine and the
 * identifying lines of /proc/cpuinfo, each distinct line once. */
static char *
virQEMUCapsHostCPUIdentity(void)
{
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char *info = NULL;
    g_auto(GStrv) lines = NULL;
    struct utsname ut;
    size_t i;

    if (uname(&ut) == 0)
        g_checksum_update(sum, (const guchar *)ut.machine, -1);

    if (g_file_get_contents("/proc/cpuinfo", &info, NULL, NULL)) {
        lines = g_strsplit(info, "\n", -1);
        for (i = 0; lines[i]; i++) {
            g_autofree char *key = NULL;
            char *colon = strchr(lines[i], ':');
            size_t k;

            if (!colon)
                continue;
            key = g_strndup(lines[i], colon - lines[i]);
            g_strstrip(key);
            for (k = 0; k < G_N_ELEMENTS(virQEMUCapsCPUInfoKeys); k++) {
                if (STREQ(key, virQEMUCapsCPUInfoKeys[k]))
                    break;
            }
            if (k == G_N_ELEMENTS(virQEMUCapsCPUInfoKeys) ||
                g_hash_table_contains(seen, lines[i]))
                continue;
            g_hash_table_add(seen, lines[i]);
            g_checksum_update(sum, (const guchar *)"\n", 1);
            g_checksum_update(sum, (const guchar *)lines[i], -1);
        }
    }

    return g_strdup(g_checksum_get_string(sum));
}


virQEMUCapsStamp *
virQEMUCapsStampNew(const char *binary)
{
    g_autoptr(virQEMUCapsStamp) stamp = g_new0(virQEMUCapsStamp, 1);
    struct stat sb;

    if (!(stamp->binary = qemuHostFindBinary(binary)))
        return NULL;

    if (stat(stamp->binary, &sb) < 0) {
        virReportSystemError(errno, _("Cannot access the QEMU binary '%s'"),
                             stamp->binary);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("The QEMU binary '%s' is not a regular file."),
                       stamp->binary);
        return NULL;
    }

    stamp->size = sb.st_size;
    stamp->mtime = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    stamp->ctime = (long long)sb.st_ctim.tv_sec * 1000000000LL + sb.st_ctim.tv_nsec;
    stamp->selfVers = g_strdup(PACKAGE_VERSION);
    stamp->hostKVM = qemuHostKVMUsable();
    stamp->hostCPU = virQEMUCapsHostCPUIdentity();
    return g_steal_pointer(&stamp);
}


static bool
virQEMUCapsStampEqual(const virQEMUCapsStamp *a,
                      const virQEMUCapsStamp *b)
{
    return STREQ(a->binary, b->binary) &&
           a->size == b->size &&
           a->mtime == b->mtime &&
           a->ctime == b->ctime &&
           STREQ(a->selfVers, b->selfVers) &&
           a->hostKVM == b->hostKVM &&
           STREQ(a->hostCPU, b->hostCPU);
}


/* ---- formatting ------------------------------------------------------ */

static void
virQEMUCapsFormatAttr(GString *buf,
                      const char *name,
                      const char *value)
{
    g_string_append_printf(buf, " %s='", name);
    virBufferEscapeXML(buf, value);
    g_string_append_c(buf, '\'');
}


static void
virQEMUCapsFormatProps(GString *buf,
                       int indent,
                       const virCPUProp *props,
                       size_t nprops)
{
    size_t i;

    for (i = 0; i < nprops; i++) {
        virBufferIndentPrintf(buf, indent, "<property");
        virQEMUCapsFormatAttr(buf, "name", props[i].name);
        g_string_append_printf(buf, " type='boolean' value='%s'/>\n",
                               props[i].enabled ? "true" : "false");
    }
}


/* An absent list is no element; an empty one an empty element. */
static void
virQEMUCapsFormatNameList(GString *buf,
                          int indent,
                          const char *element,
                          char **list)
{
    size_t i;

    if (!list)
        return;
    if (!list[0]) {
        virBufferIndentPrintf(buf, indent, "<%s/>\n", element);
        return;
    }
    virBufferIndentPrintf(buf, indent, "<%s>\n", element);
    for (i = 0; list[i]; i++) {
        virBufferIndentPrintf(buf, indent + 1, "<property");
        virQEMUCapsFormatAttr(buf, "name", list[i]);
        g_string_append(buf, "/>\n");
    }
    virBufferIndentPrintf(buf, indent, "</%s>\n", element);
}


static void
virQEMUCapsFormatAccel(GString *buf,
                       const virQEMUCapsAccel *accel,
                       const char *type)
{
    size_t i;

    virBufferIndentPrintf(buf, 1, "<accel type='%s' cpuModels='%s'/>\n",
                          type, accel->hasModels ? "yes" : "no");

    if (accel->hostCPU) {
        const virCPUHostModel *host = accel->hostCPU;

        virBufferIndentPrintf(buf, 1, "<hostCPU type='%s'", type);
        virQEMUCapsFormatAttr(buf, "model", host->model);
        g_string_append(buf, ">\n");
        virQEMUCapsFormatProps(buf, 2, host->props, host->nprops);
        if (host->nfullProps > 0) {
            virBufferIndentPrintf(buf, 2, "<fullProperties>\n");
            virQEMUCapsFormatProps(buf, 3, host->fullProps, host->nfullProps);
            virBufferIndentPrintf(buf, 2, "</fullProperties>\n");
        }
        virQEMUCapsFormatNameList(buf, 2, "deprecatedFeatures", host->deprecated);
        virQEMUCapsFormatNameList(buf, 2, "hostDeprecatedFeatures", host->hostDeprecated);
        virBufferIndentPrintf(buf, 1, "</hostCPU>\n");
    } else if (accel->hostCPUError) {
        virBufferIndentPrintf(buf, 1, "<hostCPUError type='%s'>", type);
        virBufferEscapeXML(buf, accel->hostCPUError);
        g_string_append(buf, "</hostCPUError>\n");
    }

    for (i = 0; i < accel->nmodels; i++) {
        const virQEMUCapsCPUModel *m = &accel->models[i];
        size_t j;

        virBufferIndentPrintf(buf, 1, "<cpu type='%s'", type);
        virQEMUCapsFormatAttr(buf, "name", m->name);
        if (m->typename)
            virQEMUCapsFormatAttr(buf, "typename", m->typename);
        if (m->usable != VIR_TRISTATE_BOOL_ABSENT)
            virQEMUCapsFormatAttr(buf, "usable", virTristateBoolTypeToString(m->usable));
        if (m->deprecated)
            g_string_append(buf, " deprecated='yes'");
        if (!m->blockers || !m->blockers[0]) {
            g_string_append(buf, "/>\n");
            continue;
        }
        g_string_append(buf, ">\n");
        for (j = 0; m->blockers[j]; j++) {
            virBufferIndentPrintf(buf, 2, "<blocker");
            virQEMUCapsFormatAttr(buf, "name", m->blockers[j]);
            g_string_append(buf, "/>\n");
        }
        virBufferIndentPrintf(buf, 1, "</cpu>\n");
    }

    for (i = 0; i < accel->nmachines; i++) {
        const virQEMUCapsMachine *m = &accel->machines[i];

        virBufferIndentPrintf(buf, 1, "<machine type='%s'", type);
        virQEMUCapsFormatAttr(buf, "name", m->name);
        if (m->alias)
            virQEMUCapsFormatAttr(buf, "alias", m->alias);
        g_string_append_printf(buf, " maxCpus='%u'", m->maxCpus);
        if (m->isDefault)
            g_string_append(buf, " default='yes'");
        if (m->deprecated)
            g_string_append(buf, " deprecated='yes'");
        if (m->defaultCPUType)
            virQEMUCapsFormatAttr(buf, "defaultCPU", m->defaultCPUType);
        g_string_append(buf, "/>\n");
    }
}


/* <@element>N1 N2 ...</@element>: the names of @list as the element's
 * text, separated by single spaces (<@element/> when empty).  One element
 * per list, not one per name: the table holds ~15,000 names, and a DOM
 * node per name made the parsed entry the peak of a fleet run. */
static void
virQEMUCapsFormatWordList(GString *buf,
                          int indent,
                          const char *element,
                          const char *nameAttr,
                          char **list)
{
    size_t i;

    virBufferIndentPrintf(buf, indent, "<%s", element);
    if (nameAttr)
        virQEMUCapsFormatAttr(buf, "name", nameAttr);
    if (!list || !list[0]) {
        g_string_append(buf, "/>\n");
        return;
    }
    g_string_append_c(buf, '>');
    for (i = 0; list[i]; i++) {
        if (i > 0)
            g_string_append_c(buf, ' ');
        virBufferEscapeXML(buf, list[i]);
    }
    g_string_append_printf(buf, "</%s>\n", element);
}


/* The model table: <cpuModelTable arch='s390x'> holding <props> (every
 * feature), one <group name='G'> per group (its members) and one
 * <model name='M'> per model with <base>, <defaults> and <full>, each
 * list written by virQEMUCapsFormatWordList.  An optional member: a file
 * without it is a valid entry whose table has not been probed yet. */
static void
virQEMUCapsFormatModelTable(GString *buf,
                            const virCPUModelTable *table)
{
    size_t i;

    virBufferIndentPrintf(buf, 1, "<cpuModelTable");
    virQEMUCapsFormatAttr(buf, "arch", table->arch);
    g_string_append(buf, ">\n");
    virQEMUCapsFormatWordList(buf, 2, "props", NULL, table->props);
    for (i = 0; i < table->ngroups; i++) {
        const virCPUFeatureGroup *g = &table->groups[i];

        virQEMUCapsFormatWordList(buf, 2, "group", g->name, g->members);
    }
    for (i = 0; i < table->nmodels; i++) {
        const virCPUModelFeatures *m = &table->models[i];

        virBufferIndentPrintf(buf, 2, "<model");
        virQEMUCapsFormatAttr(buf, "name", m->name);
        g_string_append(buf, ">\n");
        virQEMUCapsFormatWordList(buf, 3, "base", NULL, m->base);
        virQEMUCapsFormatWordList(buf, 3, "defaults", NULL, m->defaults);
        virQEMUCapsFormatWordList(buf, 3, "full", NULL, m->full);
        virBufferIndentPrintf(buf, 2, "</model>\n");
    }
    virBufferIndentPrintf(buf, 1, "</cpuModelTable>\n");
}


char *
virQEMUCapsFormatCache(const virQEMUCaps *caps,
                       const virQEMUCapsStamp *stamp)
{
    g_autoptr(GString) buf = g_string_new("<qemuCaps>\n");
    size_t i;

    virBufferIndentPrintf(buf, 1, "<emulator");
    virQEMUCapsFormatAttr(buf, "path", stamp ? stamp->binary : caps->binary);
    if (stamp) {
        g_string_append_printf(buf, " size='%llu' mtime='%lld' ctime='%lld'",
                               stamp->size, stamp->mtime, stamp->ctime);
    }
    g_string_append(buf, "/>\n");

    if (stamp) {
        virBufferIndentPrintf(buf, 1, "<selfVers>");
        virBufferEscapeXML(buf, stamp->selfVers);
        g_string_append(buf, "</selfVers>\n");
        virBufferIndentPrintf(buf, 1, "<host kvm='%s'", stamp->hostKVM ? "yes" : "no");
        virQEMUCapsFormatAttr(buf, "cpu", stamp->hostCPU);
        g_string_append(buf, "/>\n");
    }

    virBufferIndentPrintf(buf, 1, "<version>%u</version>\n", caps->version);
    if (caps->package) {
        virBufferIndentPrintf(buf, 1, "<package>");
        virBufferEscapeXML(buf, caps->package);
        g_string_append(buf, "</package>\n");
    }
    virBufferIndentPrintf(buf, 1, "<arch>");
    virBufferEscapeXML(buf, caps->arch);
    g_string_append(buf, "</arch>\n");
    virBufferIndentPrintf(buf, 1, "<kvm available='%s'/>\n",
                          caps->kvmAvailable ? "yes" : "no");

    for (i = 0; i < G_N_ELEMENTS(virQEMUCapsCacheVirtOrder); i++) {
        virDomainVirtType t = virQEMUCapsCacheVirtOrder[i];

        if (caps->accels[t].probed)
            virQEMUCapsFormatAccel(buf, &caps->accels[t],
                                   virQEMUCapsCacheVirtTypeToString(t));
    }
    if (caps->modelTable)
        virQEMUCapsFormatModelTable(buf, caps->modelTable);

    g_string_append(buf, "</qemuCaps>\n");
    return g_string_free(g_steal_pointer(&buf), FALSE);
}


/* ---- parsing (untrusted input) ---------------------------------------- */

static int
virQEMUCapsCacheInvalid(const char *name,
                        xmlNodePtr node)
{
    virReportError(VIR_ERR_XML_DETAIL,
                   _("The capabilities cache file '%s' is inconsistent."), name);
    if (node)
        virErrorPrefix(_("line %ld"), (long)xmlGetLineNo(node));
    return -1;
}


/* A required attribute that must not be empty. */
static char *
virQEMUCapsCacheProp(xmlNodePtr node,
                     const char *attr)
{
    g_autofree char *val = virXMLPropString(node, attr);

    if (!val || !*val)
        return NULL;
    return g_steal_pointer(&val);
}


/* A required attribute holding a name that goes to QEMU's command line:
 * NULL unless it follows the name rule of virqemu.h.  A cache file is
 * checked as strictly as the QEMU replies it was made from. */
static char *
virQEMUCapsCacheName(xmlNodePtr node,
                     const char *attr)
{
    g_autofree char *val = virXMLPropString(node, attr);

    if (!virQEMUNameIsValid(val))
        return NULL;
    return g_steal_pointer(&val);
}


/* The same for a CPU model name, which may hold a '/' (virqemu.h). */
static char *
virQEMUCapsCacheModelName(xmlNodePtr node,
                          const char *attr)
{
    g_autofree char *val = virXMLPropString(node, attr);

    if (!virQEMUNameIsValidFor(VIR_QEMU_NAME_CPU_MODEL, val))
        return NULL;
    return g_steal_pointer(&val);
}


/* "yes"/"no" attribute; absent is @def.  -1 on any other value. */
static int
virQEMUCapsCacheYesNo(xmlNodePtr node,
                      const char *attr,
                      bool def,
                      bool *val)
{
    g_autofree char *str = virXMLPropString(node, attr);

    if (!str) {
        *val = def;
        return 0;
    }
    if (STREQ(str, "yes"))
        *val = true;
    else if (STREQ(str, "no"))
        *val = false;
    else
        return -1;
    return 0;
}


static int
virQEMUCapsCacheULL(const char *str,
                    unsigned long long max,
                    unsigned long long *val)
{
    return virStrToULL(str, 0, max, val);
}


static int
virQEMUCapsCacheLL(const char *str,
                   long long *val)
{
    return virStrToLL(str, G_MININT64, G_MAXINT64, val);
}


/* The virt type named by @node's type attribute, which must have been
 * declared by an earlier <accel> (@mustExist) or not (!@mustExist). */
static int
virQEMUCapsCacheVirtType(virQEMUCaps *caps,
                         xmlNodePtr node,
                         bool mustExist)
{
    g_autofree char *type = virXMLPropString(node, "type");
    int t = virQEMUCapsCacheVirtTypeFromString(type);

    if (t < 0 || caps->accels[t].probed != mustExist)
        return -1;
    return t;
}


static int
virQEMUCapsCacheParseProps(xmlNodePtr parent,
                           virCPUHostModel *host,
                           bool full)
{
    xmlNodePtr n;

    for (n = parent->children; n; n = n->next) {
        g_autofree char *name = NULL;
        g_autofree char *type = NULL;
        g_autofree char *value = NULL;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!xmlStrEqual(n->name, BAD_CAST "property")) {
            if (!full && (xmlStrEqual(n->name, BAD_CAST "fullProperties") ||
                          xmlStrEqual(n->name, BAD_CAST "deprecatedFeatures") ||
                          xmlStrEqual(n->name, BAD_CAST "hostDeprecatedFeatures")))
                continue;
            return -1;
        }
        if (!(name = virQEMUCapsCacheName(n, "name")) ||
            !(type = virXMLPropString(n, "type")) || STRNEQ(type, "boolean") ||
            !(value = virXMLPropString(n, "value")) ||
            (STRNEQ(value, "true") && STRNEQ(value, "false")))
            return -1;
        if (full)
            virCPUHostModelAddFullProp(host, name, STREQ(value, "true"));
        else
            virCPUHostModelAddProp(host, name, STREQ(value, "true"));
    }
    return 0;
}


/* The names of @parent's child elements, each of which must be
 * <@element name='NAME'/> with a valid name: a new NULL-terminated list
 * in *@list.  -1 for anything else. */
static int
virQEMUCapsCacheParseNames(xmlNodePtr parent,
                           const char *element,
                           char ***list)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    xmlNodePtr n;

    for (n = parent->children; n; n = n->next) {
        char *name;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!xmlStrEqual(n->name, BAD_CAST element) ||
            !(name = virQEMUCapsCacheName(n, "name")))
            return -1;
        g_ptr_array_add(names, name);
    }
    g_ptr_array_set_free_func(names, NULL);
    g_ptr_array_add(names, NULL);
    *list = (char **)g_ptr_array_free(g_steal_pointer(&names), FALSE);
    return 0;
}


static int
virQEMUCapsCacheParseNameList(xmlNodePtr parent,
                              char ***list)
{
    if (*list)
        return -1;     /* the element appears twice */

    return virQEMUCapsCacheParseNames(parent, "property", list);
}


static int
virQEMUCapsCacheParseHostCPU(virQEMUCapsAccel *accel,
                             xmlNodePtr node)
{
    g_autoptr(virCPUHostModel) host = virCPUHostModelNew();
    xmlNodePtr n;
    bool sawFull = false;

    if (accel->hostCPU || accel->hostCPUError ||
        !(host->model = virQEMUCapsCacheModelName(node, "model")) ||
        virQEMUCapsCacheParseProps(node, host, false) < 0)
        return -1;

    for (n = node->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, BAD_CAST "fullProperties")) {
            if (sawFull || virQEMUCapsCacheParseProps(n, host, true) < 0 ||
                host->nfullProps == 0)
                return -1;
            sawFull = true;
        } else if (xmlStrEqual(n->name, BAD_CAST "deprecatedFeatures")) {
            if (virQEMUCapsCacheParseNameList(n, &host->deprecated) < 0)
                return -1;
        } else if (xmlStrEqual(n->name, BAD_CAST "hostDeprecatedFeatures")) {
            if (virQEMUCapsCacheParseNameList(n, &host->hostDeprecated) < 0)
                return -1;
        }
    }

    accel->hostCPU = g_steal_pointer(&host);
    return 0;
}


static int
virQEMUCapsCacheParseCPU(virQEMUCaps *caps,
                         virQEMUCapsAccel *accel,
                         xmlNodePtr node)
{
    g_auto(GStrv) blockers = NULL;
    g_autofree char *usable = virXMLPropString(node, "usable");
    virQEMUCapsCPUModel *m;
    int u = VIR_TRISTATE_BOOL_ABSENT;

    if (!accel->hasModels)
        return -1;
    if (usable &&
        (u = virTristateBoolTypeFromString(usable)) <= VIR_TRISTATE_BOOL_ABSENT)
        return -1;

    if (virQEMUCapsCacheParseNames(node, "blocker", &blockers) < 0)
        return -1;

    /* usable is derived from the blockers: no, exactly when there are some */
    if ((u == VIR_TRISTATE_BOOL_NO) != (blockers[0] != NULL))
        return -1;

    accel->models = g_renew(virQEMUCapsCPUModel, accel->models, accel->nmodels + 1);
    m = &accel->models[accel->nmodels++];
    memset(m, 0, sizeof(*m));

    m->usable = u;
    if (!(m->name = virQEMUCapsCacheModelName(node, "name")) ||
        virQEMUCapsCacheYesNo(node, "deprecated", false, &m->deprecated) < 0)
        return -1;
    m->typename = virXMLPropString(node, "typename");
    if (u != VIR_TRISTATE_BOOL_ABSENT)
        m->blockers = g_steal_pointer(&blockers);
    m->vendor = g_strdup(virCPUGetModelVendor(caps->arch, m->name));
    return 0;
}


static int
virQEMUCapsCacheParseMachine(virQEMUCapsAccel *accel,
                             xmlNodePtr node)
{
    g_autofree char *maxCpus = virXMLPropString(node, "maxCpus");
    unsigned long long v;
    virQEMUCapsMachine *m;

    if (virQEMUCapsCacheULL(maxCpus, G_MAXUINT, &v) < 0)
        return -1;

    accel->machines = g_renew(virQEMUCapsMachine, accel->machines, accel->nmachines + 1);
    m = &accel->machines[accel->nmachines++];
    memset(m, 0, sizeof(*m));

    m->maxCpus = v;
    m->alias = virXMLPropString(node, "alias");
    m->defaultCPUType = virXMLPropString(node, "defaultCPU");
    if (!(m->name = virQEMUCapsCacheName(node, "name")) ||
        (m->alias && !virQEMUNameIsValid(m->alias)) ||
        (m->defaultCPUType &&
         !virQEMUNameIsValidFor(VIR_QEMU_NAME_CPU_MODEL, m->defaultCPUType)) ||
        virQEMUCapsCacheYesNo(node, "default", false, &m->isDefault) < 0 ||
        virQEMUCapsCacheYesNo(node, "deprecated", false, &m->deprecated) < 0)
        return -1;
    return 0;
}


static int
virQEMUCapsCacheParseStamp(xmlNodePtr emulator,
                           virQEMUCapsStamp *stamp)
{
    g_autofree char *size = virXMLPropString(emulator, "size");
    g_autofree char *mtime = virXMLPropString(emulator, "mtime");
    g_autofree char *ctime = virXMLPropString(emulator, "ctime");

    if (virQEMUCapsCacheULL(size, G_MAXUINT64, &stamp->size) < 0 ||
        virQEMUCapsCacheLL(mtime, &stamp->mtime) < 0 ||
        virQEMUCapsCacheLL(ctime, &stamp->ctime) < 0)
        return -1;
    return 0;
}


/* The names of a list written by virQEMUCapsFormatWordList: @parent
 * holds only text, the valid names separated by single spaces (no
 * leading, trailing or doubled space, no other white space).  A new
 * NULL-terminated list in *@list; -1 for anything else, among it the
 * per-element form (<property name='P'/>) of earlier caches. */
static int
virQEMUCapsCacheParseWords(xmlNodePtr parent,
                           char ***list)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) words = NULL;
    xmlNodePtr n;
    size_t i;

    if (*list)
        return -1;     /* the element appears twice */
    for (n = parent->children; n; n = n->next) {
        if (n->type != XML_TEXT_NODE)
            return -1;
    }
    text = (char *)xmlNodeGetContent(parent);
    if (!text || !*text) {
        *list = g_new0(char *, 1);
        return 0;
    }
    words = g_strsplit(text, " ", -1);
    for (i = 0; words[i]; i++) {
        if (!virQEMUNameIsValid(words[i]))
            return -1;
    }
    *list = g_steal_pointer(&words);
    return 0;
}


/* A list of props of the model table: every name one of @props, none
 * twice. */
static int
virQEMUCapsCacheParseTableList(xmlNodePtr parent,
                               GHashTable *props,
                               char ***list)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;

    if (virQEMUCapsCacheParseWords(parent, list) < 0)
        return -1;
    for (i = 0; (*list)[i]; i++) {
        if (!g_hash_table_contains(props, (*list)[i]) ||
            !g_hash_table_add(seen, (*list)[i]))
            return -1;
    }
    return 0;
}


/* <cpuModelTable> (virQEMUCapsFormatModelTable): -1 with *@bad set at
 * the first inconsistency.  Every name follows QEMU's name rule, the
 * lists name only props, no prop, group or model appears twice, a group
 * has members and a model all three lists. */
static int
virQEMUCapsCacheParseModelTable(virQEMUCaps *caps,
                                xmlNodePtr node,
                                xmlNodePtr *bad)
{
    g_autoptr(virCPUModelTable) table = NULL;
    g_autoptr(GHashTable) props = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                        g_free, NULL);
    g_auto(GStrv) propList = NULL;
    g_autofree char *arch = NULL;
    xmlNodePtr n;
    size_t i;

    *bad = node;
    if (caps->modelTable || !caps->arch ||
        !(arch = virQEMUCapsCacheName(node, "arch")) ||
        STRNEQ(arch, caps->arch))
        return -1;
    table = virCPUModelTableNew(arch, NULL);

    for (n = node->children; n; n = n->next) {
        const char *el = (const char *)n->name;
        g_autofree char *name = NULL;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        *bad = n;
        if (STREQ(el, "props")) {
            if (propList || virQEMUCapsCacheParseWords(n, &propList) < 0)
                return -1;
            for (i = 0; propList[i]; i++) {
                if (!g_hash_table_add(props, propList[i]))
                    return -1;
            }
            virCPUModelTableSetProps(table, propList);
        } else if (STREQ(el, "group")) {
            g_auto(GStrv) members = NULL;

            if (!propList || !(name = virQEMUCapsCacheName(n, "name")) ||
                g_hash_table_contains(props, name) ||
                virQEMUCapsCacheParseTableList(n, props, &members) < 0 ||
                !members[0])
                return -1;
            virCPUModelTableAddGroup(table, name, members);
            if (!g_hash_table_add(names, g_steal_pointer(&name)))
                return -1;
        } else if (STREQ(el, "model")) {
            g_auto(GStrv) base = NULL;
            g_auto(GStrv) defaults = NULL;
            g_auto(GStrv) full = NULL;
            xmlNodePtr c;

            if (!propList || !(name = virQEMUCapsCacheModelName(n, "name")) ||
                g_hash_table_contains(names, name))
                return -1;
            for (c = n->children; c; c = c->next) {
                const char *cel = (const char *)c->name;
                char ***list;

                if (c->type != XML_ELEMENT_NODE)
                    continue;
                if (STREQ(cel, "base"))
                    list = &base;
                else if (STREQ(cel, "defaults"))
                    list = &defaults;
                else if (STREQ(cel, "full"))
                    list = &full;
                else
                    return -1;
                if (virQEMUCapsCacheParseTableList(c, props, list) < 0)
                    return -1;
            }
            if (!base || !defaults || !full)
                return -1;
            virCPUModelTableAddModel(table, name, base, defaults, full);
            g_hash_table_add(names, g_steal_pointer(&name));
        } else {
            return -1;
        }
    }

    *bad = node;
    if (!propList)
        return -1;
    caps->modelTable = g_steal_pointer(&table);
    return 0;
}


/* What virQEMUCapsParseCache has read so far. */
typedef struct {
    const char *name;           /* of the document, for messages */
    virQEMUCaps *caps;
    virQEMUCapsStamp *stamp;
    bool sawVersion;
    bool sawKVM;
    bool sawHost;
    bool hasStamp;
} virQEMUCapsCacheParser;


/* One child @n of the root: -1 (no error reported) at the first
 * inconsistency, with *@bad set to the offending node.  Longer than 80
 * lines on purpose: each check sits beside the field it fills, in the
 * order the writer writes them; split by element, every helper would
 * need the half-built caps and @bad. */
static int
virQEMUCapsCacheParseChild(virQEMUCapsCacheParser *p,
                           xmlNodePtr n,
                           xmlNodePtr *bad)
{
    virQEMUCaps *caps = p->caps;
    virQEMUCapsStamp *stamp = p->stamp;
    const char *el = (const char *)n->name;
    int t;

    *bad = n;
    if (STREQ(el, "emulator")) {
        if (caps->binary || !(caps->binary = virQEMUCapsCacheProp(n, "path")))
            return -1;
        if (xmlHasProp(n, BAD_CAST "size")) {
            if (virQEMUCapsCacheParseStamp(n, stamp) < 0)
                return -1;
            stamp->binary = g_strdup(caps->binary);
        }
    } else if (STREQ(el, "selfVers")) {
        if (stamp->selfVers || !(stamp->selfVers = virXMLNodeContentString(n)))
            return -1;
    } else if (STREQ(el, "host")) {
        if (p->sawHost ||
            virQEMUCapsCacheYesNo(n, "kvm", false, &stamp->hostKVM) < 0 ||
            !(stamp->hostCPU = virQEMUCapsCacheProp(n, "cpu")))
            return -1;
        p->sawHost = true;
    } else if (STREQ(el, "version")) {
        g_autofree char *v = virXMLNodeContentString(n);
        unsigned long long ver;

        if (p->sawVersion || virQEMUCapsCacheULL(v, G_MAXUINT, &ver) < 0)
            return -1;
        caps->version = ver;
        p->sawVersion = true;
    } else if (STREQ(el, "package")) {
        if (caps->package || !(caps->package = virXMLNodeContentString(n)))
            return -1;
    } else if (STREQ(el, "arch")) {
        if (caps->arch || !(caps->arch = virXMLNodeContentString(n)) ||
            !virQEMUNameIsValid(caps->arch))
            return -1;
    } else if (STREQ(el, "kvm")) {
        if (p->sawKVM ||
            virQEMUCapsCacheYesNo(n, "available", false, &caps->kvmAvailable) < 0 ||
            !xmlHasProp(n, BAD_CAST "available"))
            return -1;
        p->sawKVM = true;
    } else if (STREQ(el, "accel")) {
        if ((t = virQEMUCapsCacheVirtType(caps, n, false)) < 0 ||
            virQEMUCapsCacheYesNo(n, "cpuModels", false,
                                  &caps->accels[t].hasModels) < 0)
            return -1;
        caps->accels[t].probed = true;
    } else if (STREQ(el, "hostCPU")) {
        if ((t = virQEMUCapsCacheVirtType(caps, n, true)) < 0 ||
            virQEMUCapsCacheParseHostCPU(&caps->accels[t], n) < 0)
            return -1;
    } else if (STREQ(el, "hostCPUError")) {
        virQEMUCapsAccel *accel;

        if ((t = virQEMUCapsCacheVirtType(caps, n, true)) < 0)
            return -1;
        accel = &caps->accels[t];
        if (accel->hostCPU || accel->hostCPUError ||
            !(accel->hostCPUError = virXMLNodeContentString(n)))
            return -1;
    } else if (STREQ(el, "cpu")) {
        /* needs the arch for the vendor */
        if (!caps->arch ||
            (t = virQEMUCapsCacheVirtType(caps, n, true)) < 0 ||
            virQEMUCapsCacheParseCPU(caps, &caps->accels[t], n) < 0)
            return -1;
    } else if (STREQ(el, "machine")) {
        if ((t = virQEMUCapsCacheVirtType(caps, n, true)) < 0 ||
            virQEMUCapsCacheParseMachine(&caps->accels[t], n) < 0)
            return -1;
    } else if (STREQ(el, "cpuModelTable")) {
        if (virQEMUCapsCacheParseModelTable(caps, n, bad) < 0)
            return -1;
    } else {
        return -1;
    }
    return 0;
}


/* What must hold once every child of the root is read. */
static int
virQEMUCapsCacheParseEnd(virQEMUCapsCacheParser *p)
{
    virQEMUCaps *caps = p->caps;
    virQEMUCapsStamp *stamp = p->stamp;

    if (!caps->binary || !p->sawVersion || !caps->arch || !p->sawKVM)
        return -1;

    /* the stamp is all or nothing */
    p->hasStamp = stamp->binary || stamp->selfVers || p->sawHost;
    if (p->hasStamp && (!stamp->binary || !stamp->selfVers || !p->sawHost))
        return -1;

    /* KVM available exactly when a KVM session was recorded */
    if (caps->kvmAvailable != caps->accels[VIR_DOMAIN_VIRT_KVM].probed)
        return -1;
    return 0;
}


/* virXMLChildFunc of virQEMUCapsParseCache: each child is read while it
 * is in memory, and an inconsistency reported at once, naming its line. */
static int
virQEMUCapsCacheParseNode(xmlNodePtr root,
                          xmlNodePtr node,
                          void *opaque)
{
    virQEMUCapsCacheParser *p = opaque;
    xmlNodePtr bad = root;

    if (!xmlStrEqual(root->name, BAD_CAST "qemuCaps"))
        return virQEMUCapsCacheInvalid(p->name, root);
    if (node ? virQEMUCapsCacheParseChild(p, node, &bad) < 0 :
        virQEMUCapsCacheParseEnd(p) < 0)
        return virQEMUCapsCacheInvalid(p->name, bad);
    return 0;
}


int
virQEMUCapsParseCache(const char *xml,
                      size_t len,
                      const char *name,
                      virQEMUCaps **caps,
                      virQEMUCapsStamp **stamp)
{
    g_autoptr(virQEMUCaps) ret = virQEMUCapsNew();
    g_autoptr(virQEMUCapsStamp) st = g_new0(virQEMUCapsStamp, 1);
    virQEMUCapsCacheParser p = { .name = name, .caps = ret, .stamp = st };

    /* a cache entry with a model table is some 300 KiB: read one child
     * of the root at a time, never the whole tree */
    if (virXMLParseStringEach(xml, len, name, virQEMUCapsCacheParseNode, &p) < 0)
        return -1;

    *caps = g_steal_pointer(&ret);
    if (stamp)
        *stamp = p.hasStamp ? g_steal_pointer(&st) : NULL;
    return 0;
}


/* ---- the cache itself ------------------------------------------------- */

char *
virQEMUCapsCacheDir(void)
{
    const char *xdg = g_getenv("XDG_CACHE_HOME");

    /* read the variable ourselves: g_get_user_cache_dir() keeps the
     * first value it saw for the life of the process */
    if (xdg && g_path_is_absolute(xdg))
        return g_build_filename(xdg, "hostrec", NULL);
    return g_build_filename(g_get_user_cache_dir(), "hostrec", NULL);
}


char *
virQEMUCapsCacheFile(const char *binary)
{
    g_autofree char *dir = virQEMUCapsCacheDir();
    g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, binary, -1);
    g_autofree char *base = g_strdup_printf("%s.xml", hash);

    return g_build_filename(dir, base, NULL);
}


/* Remove the cache entry @file if it is a regular file: anything else at
 * that path is not ours to remove. */
static void
virQEMUCapsCacheDiscard(const char *file)
{
    struct stat sb;

    if (lstat(file, &sb) == 0 && S_ISREG(sb.st_mode))
        unlink(file);
}


/* The cached capabilities of @stamp's binary when the file is valid
 * (*@caps set), else nothing (*@caps NULL; a regular file that is not
 * valid is removed).  Something other than a regular file at @file (a
 * FIFO, a symbolic link, a directory) was not made by hostrec: it is
 * neither read (a FIFO would block) nor removed nor, later, replaced;
 * *@foreign is set and a warning says so.  *@damaged is set when a
 * regular file could not be read or parsed (not for a stale stamp).
 * Never fails. */
static void
virQEMUCapsCacheLoad(const char *file,
                     const virQEMUCapsStamp *stamp,
                     virQEMUCaps **caps,
                     bool *foreign,
                     bool *damaged)
{
    g_autoptr(virQEMUCaps) cached = NULL;
    g_autoptr(virQEMUCapsStamp) cachedStamp = NULL;
    g_autofree char *data = NULL;
    size_t len = 0;
    struct stat sb;

    *caps = NULL;
    *foreign = false;
    *damaged = false;
    if (lstat(file, &sb) < 0)
        return;

    if (!S_ISREG(sb.st_mode)) {
        virReportWarning(_("The cache entry '%s' is not a regular file, working without a cache."),
                         file);
        *foreign = true;
        return;
    }

    if (virFileReadLimitedFlags(file, VIR_QEMU_CAPS_CACHE_MAX_SIZE,
                                VIR_FILE_READ_NOFOLLOW, &data, &len) < 0 ||
        virQEMUCapsParseCache(data, len, file, &cached, &cachedStamp) < 0) {
        virResetLastError();
        virQEMUCapsCacheDiscard(file);
        *damaged = true;
        return;
    }
    if (!cachedStamp ||
        !virQEMUCapsStampEqual(stamp, cachedStamp) ||
        STRNEQ(cached->binary, stamp->binary)) {
        virResetLastError();
        virQEMUCapsCacheDiscard(file);
        return;
    }

    *caps = g_steal_pointer(&cached);
}


int
virQEMUCapsCacheWrite(const char *file,
                      const virQEMUCaps *caps,
                      const virQEMUCapsStamp *stamp)
{
    g_autofree char *xml = virQEMUCapsFormatCache(caps, stamp);
    size_t len = strlen(xml);

    /* the reader's limit: a larger file would be refused at every run */
    if (len > VIR_QEMU_CAPS_CACHE_MAX_SIZE) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("the capabilities of '%s' take %zu bytes, more than the cache limit of %d bytes"),
                       caps->binary, len, VIR_QEMU_CAPS_CACHE_MAX_SIZE);
        return -1;
    }

    return virFileWriteAtomic(file, xml, len, 0600);
}


/* Whether this process already warned that it cannot write the cache:
 * a command that probes several binaries (migration-check) says it once. */
static bool virQEMUCapsCacheSaveWarned;

/* Write @caps for @stamp.  A failure is one warning per process
 * (virQEMUCapsCacheSaveWarned). */
static void
virQEMUCapsCacheSave(const char *file,
                     const virQEMUCaps *caps,
                     const virQEMUCapsStamp *stamp)
{
    g_autofree char *dir = g_path_get_dirname(file);

    if (g_mkdir_with_parents(dir, 0700) < 0) {
        if (!virQEMUCapsCacheSaveWarned) {
            virReportWarning(_("Cannot create the cache directory '%s', working without a cache: %s."),
                             dir, g_strerror(errno));
            virQEMUCapsCacheSaveWarned = true;
        }
        return;
    }

    if (virQEMUCapsCacheWrite(file, caps, stamp) < 0) {
        if (!virQEMUCapsCacheSaveWarned) {
            virReportWarning(_("Cannot write the cache file '%s', working without a cache: %s."),
                             file, NULLSTR(virGetLastErrorDetail()));
            virQEMUCapsCacheSaveWarned = true;
        }
        virResetLastError();
    }
}


int
virQEMUCapsCacheLookup(const char *binary,
                       bool noCache,
                       double timeoutSec,
                       const char *recordPath,
                       virQEMUCaps **caps)
{
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(virQEMUCaps) probed = NULL;
    g_autofree char *file = NULL;
    bool foreign = false;
    bool damaged = false;

    if (!(stamp = virQEMUCapsStampNew(binary)))
        return -1;

    if (!noCache) {
        file = virQEMUCapsCacheFile(stamp->binary);
        if (!recordPath) {
            virQEMUCapsCacheLoad(file, stamp, &probed, &foreign, &damaged);
            if (probed) {
                *caps = g_steal_pointer(&probed);
                return 0;
            }
        }
    }

    if (!(src = qemuMonitorSourceNewLive(stamp->binary, timeoutSec, recordPath)))
        return -1;
    if (virQEMUCapsProbe(src, &probed) < 0)
        return -1;
    if (recordPath && qemuMonitorSourceFinishRecording(src) < 0)
        return -1;

    if (file && recordPath) {
        g_autoptr(virQEMUCaps) old = NULL;

        /* a recorded probe replaces the entry: keep the model table of a
         * valid one, which this probe does not ask for */
        virQEMUCapsCacheLoad(file, stamp, &old, &foreign, &damaged);
        if (old && old->modelTable)
            probed->modelTable = g_steal_pointer(&old->modelTable);
    }
    if (file && !foreign)
        virQEMUCapsCacheSave(file, probed, stamp);

    *caps = g_steal_pointer(&probed);
    return 0;
}


/* Probes of the model table done by this process (virQEMUCapsCacheModelTable). */
static unsigned int virQEMUCapsCacheModelTableProbes;


unsigned int
virQEMUCapsCacheModelTableProbeCount(void)
{
    return virQEMUCapsCacheModelTableProbes;
}


/* The one warning for a damaged entry met while looking for a model
 * table (virQEMUCapsCacheLoad removed it): the table is probed next. */
static void
virQEMUCapsCacheWarnDamaged(const char *file,
                            const virQEMUCapsStamp *stamp)
{
    virReportWarning(_("The cache entry '%s' was damaged and has been removed, probing '%s' again."),
                     file, stamp->binary);
}


/* The model table that @caps, a valid cache entry, holds for its own
 * arch, taken from it and named @emulator in messages; NULL when it
 * holds none. */
static virCPUModelTable *
virQEMUCapsCacheEntryModelTable(virQEMUCaps *caps,
                                const char *emulator)
{
    virCPUModelTable *table;

    if (!caps || !caps->modelTable || STRNEQ(caps->modelTable->arch, caps->arch))
        return NULL;
    table = g_steal_pointer(&caps->modelTable);
    g_free(table->emulator);
    table->emulator = g_strdup(emulator);
    return table;
}


int
virQEMUCapsCacheFindModelTable(const char *binary,
                               const char *emulator,
                               virCPUModelTable **table)
{
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *file = NULL;
    bool foreign = false;
    bool damaged = false;
    struct stat sb;

    *table = NULL;
    if (!(stamp = virQEMUCapsStampNew(binary)))
        return -1;
    file = virQEMUCapsCacheFile(stamp->binary);
    /* what is not a regular file is the probe's to warn about, once */
    if (lstat(file, &sb) < 0 || !S_ISREG(sb.st_mode))
        return 0;
    virQEMUCapsCacheLoad(file, stamp, &caps, &foreign, &damaged);
    if (damaged)
        virQEMUCapsCacheWarnDamaged(file, stamp);
    *table = virQEMUCapsCacheEntryModelTable(caps, emulator);
    return 0;
}


int
virQEMUCapsCacheModelTable(const char *binary,
                           bool noCache,
                           bool probe,
                           double timeoutSec,
                           qemuMonitor *mon,
                           const char *emulator,
                           virCPUModelTable **table)
{
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virCPUModelTable) probed = NULL;
    g_autofree char *file = NULL;
    bool foreign = false;
    bool damaged = false;

    if (!(stamp = virQEMUCapsStampNew(binary)))
        return -1;

    if (!noCache) {
        file = virQEMUCapsCacheFile(stamp->binary);
        virQEMUCapsCacheLoad(file, stamp, &caps, &foreign, &damaged);
        if (!probe && (*table = virQEMUCapsCacheEntryModelTable(caps, emulator)))
            return 0;
        if (damaged)
            virQEMUCapsCacheWarnDamaged(file, stamp);
    }

    virQEMUCapsCacheModelTableProbes++;
    if (qemuCPUGetModelTable(mon, emulator, &probed) < 0)
        return -1;

    if (file && !foreign) {
        if (!caps) {
            g_autoptr(qemuMonitorSource) src = NULL;

            /* an entry needs the rest of the capabilities too: one more
             * short QEMU session, against the table's hundreds of queries */
            if (!(src = qemuMonitorSourceNewLive(stamp->binary, timeoutSec, NULL)) ||
                virQEMUCapsProbe(src, &caps) < 0) {
                virReportWarning(_("Cannot probe the capabilities of '%s', the CPU model table is not cached: %s."),
                                 stamp->binary, NULLSTR(virGetLastErrorDetail()));
                virResetLastError();
                g_clear_pointer(&caps, virQEMUCapsFree);
            }
        }
        if (caps) {
            virCPUModelTableFree(caps->modelTable);
            caps->modelTable = virCPUModelTableCopy(probed);
            g_clear_pointer(&caps->modelTable->emulator, g_free);
            virQEMUCapsCacheSave(file, caps, stamp);
        }
    }

    *table = g_steal_pointer(&probed);
    return 0;
}


int
virQEMUCapsCacheAddModelTable(virQEMUCaps *caps,
                              const char *binary,
                              bool noCache,
                              double timeoutSec)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autofree char *emulator = g_strdup_printf("QEMU '%s'", binary);
    virDomainVirtType virtType;

    if (caps->modelTable || !caps->arch ||
        !virCPUBaselineOfflineSupported(caps->arch))
        return 0;

    if (!(src = qemuMonitorSourceNewLive(binary, timeoutSec, NULL)) ||
        virQEMUCapsOpenSession(src, NULL, NULL, &mon, &virtType) < 0 ||
        virQEMUCapsCacheModelTable(binary, noCache, false, timeoutSec, mon,
                                   emulator, &caps->modelTable) < 0)
        return -1;
    return qemuMonitorClose(mon);
}
