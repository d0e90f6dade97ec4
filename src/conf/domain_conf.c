/*
 * domain_conf.c: the subset of the domain definition hostrec needs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The parsed document stays attached to the definition.  Formatting walks
 * that document with a small serializer of its own (libxml2's always
 * writes double quotes, libvirt's documents use single ones) and writes the
 * canonical <cpu> element in place of the original one, so every other
 * byte libxml2 keeps of the input comes out as it went in.
 */

#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "domain_conf.h"
#include "virerror.h"
#include "virqemu.h"
#include "virstring.h"

VIR_ENUM_IMPL(virDomainVirt,
              VIR_DOMAIN_VIRT_LAST,
              "qemu",
              "kvm",
);

VIR_ENUM_IMPL(virDomainCPUProps,
              VIR_DOMAIN_CPU_PROPS_LAST,
              "<clock><timer name='kvmclock' present=''>",
              "<clock><timer name='hypervclock' present='yes'>",
              "<clock><timer name='tsc' frequency=''>",
              "<clock><timer name='armvtimer' tickpolicy=''>",
              "<features><apic eoi=''>",
              "<features><pvspinlock>",
              "<features><hyperv>",
              "<devices><panic model='hyperv'>",
              "<features><kvm>",
              "<features><pmu>",
);


virDomainDef *
virDomainDefNew(void)
{
    virDomainDef *def = g_new0(virDomainDef, 1);

    def->vcpus = 1;
    def->maxvcpus = 1;
    return def;
}


void
virDomainDefFree(virDomainDef *def)
{
    if (!def)
        return;

    g_free(def->name);
    g_free(def->osType);
    g_free(def->arch);
    g_free(def->machine);
    virCPUDefFree(def->cpu);
    g_free(def->emulator);
    if (def->doc)
        xmlFreeDoc(def->doc);
    g_free(def->sourceName);
    g_free(def);
}


/* Parse a decimal unsigned number that fills all of @str. */
static int
virDomainParseULL(const char *str,
                  unsigned long long *result)
{
    return virStrToULL(str, 0, ULLONG_MAX, result);
}


/* <memory unit='...'>N</memory> in KiB, rounded up as libvirt does.
 * Returns 1 when the element is present, 0 when absent, -1 on error. */
static int
virDomainParseMemory(xmlNodePtr root,
                     const char *element,
                     unsigned long long *resultKiB)
{
    xmlNodePtr node = virXMLNodeGetChild(root, element);
    g_autofree char *text = NULL;
    g_autofree char *unit = NULL;
    unsigned long long bytesPerUnit = 1024;
    unsigned long long value;
    unsigned long long kib;

    if (!node)
        return 0;

    text = virXMLNodeContentString(node);
    if (text)
        g_strstrip(text);
    if (virDomainParseULL(text, &value) < 0) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("invalid value '%s' in element '%s'"),
                       NULLSTR(text), element);
        return -1;
    }

    if ((unit = virXMLPropString(node, "unit"))) {
        if (virUnitToBytes(unit, &bytesPerUnit) < 0) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("unknown memory unit '%s' in element '%s'"),
                           unit, element);
            return -1;
        }
    }

    if (value > ULLONG_MAX / bytesPerUnit) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("memory size '%s' in element '%s' is too large"),
                       text, element);
        return -1;
    }
    /* Rounded up to whole KiB, as libvirt does. */
    kib = value * bytesPerUnit / 1024 +
          (value * bytesPerUnit % 1024 != 0);

    if (kib == 0) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("memory size in element '%s' must not be zero"),
                       element);
        return -1;
    }

    *resultKiB = kib;
    return 1;
}


/* libvirt's rules: hex digit pairs, '-' allowed between them, surrounding
 * whitespace ignored. */
static int
virUUIDParse(const char *str,
             unsigned char *uuid)
{
    const char *p = str;
    size_t i;

    while (g_ascii_isspace(*p))
        p++;

    for (i = 0; i < 16; i++) {
        int hi;
        int lo;

        while (*p == '-')
            p++;
        if ((hi = g_ascii_xdigit_value(p[0])) < 0 ||
            (lo = g_ascii_xdigit_value(p[1])) < 0)
            return -1;
        uuid[i] = (hi << 4) | lo;
        p += 2;
    }

    while (g_ascii_isspace(*p))
        p++;

    return *p == '\0' ? 0 : -1;
}


void
virUUIDFormat(const unsigned char *uuid,
              char *out)
{
    g_snprintf(out, 37,
               "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
               uuid[0], uuid[1], uuid[2], uuid[3],
               uuid[4], uuid[5], uuid[6], uuid[7],
               uuid[8], uuid[9], uuid[10], uuid[11],
               uuid[12], uuid[13], uuid[14], uuid[15]);
}


static int
virDomainDefParseVcpu(xmlNodePtr root,
                      virDomainDef *def)
{
    xmlNodePtr node;
    g_autofree char *text = NULL;
    unsigned long long value;
    unsigned int current = 0;
    int rc;

    if (virXMLNodeGetUniqueChild(root, "vcpu", &node) < 0)
        return -1;
    if (!node)
        return 0;

    text = virXMLNodeContentString(node);
    if (text)
        g_strstrip(text);
    if (virDomainParseULL(text, &value) < 0 || value == 0 || value > UINT_MAX) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("invalid vCPU count '%s'"), NULLSTR(text));
        return -1;
    }
    def->maxvcpus = value;
    def->vcpus = value;

    if ((rc = virXMLPropUInt(node, "current", VIR_XML_PROP_NONZERO,
                             &current)) < 0)
        return -1;
    /* virDomainDefValidate compares it with the maximum */
    if (rc > 0)
        def->vcpus = current;

    return 0;
}


static int
virDomainDefParseOS(xmlNodePtr root,
                    virDomainDef *def)
{
    xmlNodePtr os;
    xmlNodePtr type;

    if (virXMLNodeGetUniqueChild(root, "os", &os) < 0)
        return -1;
    if (!os) {
        virReportError(VIR_ERR_XML_DETAIL, "%s",
                       _("the domain has no <os> element"));
        return -1;
    }
    if (virXMLNodeGetUniqueChild(os, "type", &type) < 0)
        return -1;
    if (!type) {
        virReportError(VIR_ERR_XML_DETAIL, "%s",
                       _("the <os> element has no <type>"));
        return -1;
    }

    def->osType = virXMLNodeContentString(type);
    if (def->osType)
        g_strstrip(def->osType);
    if (!def->osType || STRNEQ(def->osType, "hvm")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("OS type '%s' is not supported by hostrec; use 'hvm'"),
                       NULLSTR(def->osType));
        return -1;
    }

    def->arch = virXMLPropString(type, "arch");
    def->machine = virXMLPropString(type, "machine");
    if ((def->arch && !*def->arch) || (def->machine && !*def->machine)) {
        virReportError(VIR_ERR_XML_DETAIL, "%s",
                       _("the 'arch' and 'machine' attributes of <type> must not be empty"));
        return -1;
    }
    /* the arch names the emulator (qemu-system-ARCH) and is printed */
    if (def->arch && !virQEMUNameIsValid(def->arch)) {
        g_autofree char *source = g_strdup_printf(_("the <type> element at line %ld"),
                                                  (long)xmlGetLineNo(type));

        return virQEMUNameCheck(VIR_QEMU_NAME_ARCH, def->arch,
                                VIR_ERR_XML_DETAIL, source);
    }
    if (def->machine && !virQEMUNameIsValid(def->machine)) {
        g_autofree char *source = g_strdup_printf(_("the <type> element at line %ld"),
                                                  (long)xmlGetLineNo(type));

        return virQEMUNameCheck(VIR_QEMU_NAME_MACHINE, def->machine,
                                VIR_ERR_XML_DETAIL, source);
    }

    return 0;
}


/* <memory> (required) and <currentMemory>; virDomainDefValidate compares
 * them. */
static int
virDomainDefParseMemorySizes(xmlNodePtr root,
                             virDomainDef *def)
{
    xmlNodePtr node;
    int rc;

    if (virXMLNodeGetUniqueChild(root, "memory", &node) < 0 ||
        (rc = virDomainParseMemory(root, "memory", &def->memoryKiB)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_XML_DETAIL, "%s",
                       _("the domain has no <memory> element"));
        return -1;
    }
    if (virXMLNodeGetUniqueChild(root, "currentMemory", &node) < 0 ||
        virDomainParseMemory(root, "currentMemory", &def->currentMemoryKiB) < 0)
        return -1;

    return 0;
}


/* Whether an attribute of @node is @value. */
static bool
virDomainPropIs(xmlNodePtr node,
                const char *name,
                const char *value)
{
    g_autofree char *prop = virXMLPropString(node, name);

    return STREQ_NULLABLE(prop, value);
}


/* Whether a child element of @node has state='@state', optionally only
 * among children called one of @names (NULL-terminated; NULL: any). */
static bool
virDomainChildHasState(xmlNodePtr node,
                       const char * const *names,
                       const char *state)
{
    xmlNodePtr cur;

    for (cur = node->children; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (names && !g_strv_contains(names, (const char *)cur->name))
            continue;
        if (virDomainPropIs(cur, "state", state))
            return true;
    }
    return false;
}


/* Which virDomainCPUProps the document has, under libvirt 11.3's
 * conditions for adding a -cpu property: a kvmclock timer that says
 * present='yes|no', a hypervclock one that says present='yes', a tsc
 * frequency other than 0, an armvtimer tickpolicy of 'delay' or
 * 'discard'; an apic eoi=''; a <pvspinlock> or <pmu> (either state); a
 * <hyperv> in mode 'passthrough' or with an enlightenment turned on; a
 * hyperv <panic>; a <kvm> that hides KVM, turns hint-dedicated or
 * poll-control on or pv-ipi off.  Nothing is checked here: libvirt
 * checks these elements, hostrec only notes them. */
static void
virDomainDefParseCPUProps(xmlNodePtr root,
                          virDomainDef *def)
{
    static const char * const kvmOn[] = { "hidden", "hint-dedicated", "poll-control", NULL };
    static const char * const kvmOff[] = { "pv-ipi", NULL };
    xmlNodePtr clock = virXMLNodeGetChild(root, "clock");
    xmlNodePtr features = virXMLNodeGetChild(root, "features");
    xmlNodePtr devices = virXMLNodeGetChild(root, "devices");
    xmlNodePtr cur;

    for (cur = clock ? clock->children : NULL; cur; cur = cur->next) {
        g_autofree char *name = NULL;
        g_autofree char *prop = NULL;

        if (cur->type != XML_ELEMENT_NODE || !xmlStrEqual(cur->name, BAD_CAST "timer"))
            continue;
        name = virXMLPropString(cur, "name");
        if (STREQ_NULLABLE(name, "kvmclock")) {
            if ((prop = virXMLPropString(cur, "present")))
                def->cpuProps[VIR_DOMAIN_CPU_PROPS_KVMCLOCK] = true;
        } else if (STREQ_NULLABLE(name, "hypervclock")) {
            if (virDomainPropIs(cur, "present", "yes"))
                def->cpuProps[VIR_DOMAIN_CPU_PROPS_HYPERVCLOCK] = true;
        } else if (STREQ_NULLABLE(name, "tsc")) {
            if ((prop = virXMLPropString(cur, "frequency")) && STRNEQ(prop, "0"))
                def->cpuProps[VIR_DOMAIN_CPU_PROPS_TSC_FREQUENCY] = true;
        } else if (STREQ_NULLABLE(name, "armvtimer")) {
            if (virDomainPropIs(cur, "tickpolicy", "delay") ||
                virDomainPropIs(cur, "tickpolicy", "discard"))
                def->cpuProps[VIR_DOMAIN_CPU_PROPS_ARMVTIMER] = true;
        }
    }

    for (cur = features ? features->children : NULL; cur; cur = cur->next) {
        g_autofree char *prop = NULL;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(cur->name, BAD_CAST "apic")) {
            if ((prop = virXMLPropString(cur, "eoi")))
                def->cpuProps[VIR_DOMAIN_CPU_PROPS_APIC_EOI] = true;
        } else if (xmlStrEqual(cur->name, BAD_CAST "pvspinlock")) {
            def->cpuProps[VIR_DOMAIN_CPU_PROPS_PVSPINLOCK] = true;
        } else if (xmlStrEqual(cur->name, BAD_CAST "hyperv")) {
            if (virDomainPropIs(cur, "mode", "passthrough") ||
                virDomainChildHasState(cur, NULL, "on"))
                def->cpuProps[VIR_DOMAIN_CPU_PROPS_HYPERV] = true;
        } else if (xmlStrEqual(cur->name, BAD_CAST "kvm")) {
            if (virDomainChildHasState(cur, kvmOn, "on") ||
                virDomainChildHasState(cur, kvmOff, "off"))
                def->cpuProps[VIR_DOMAIN_CPU_PROPS_KVM] = true;
        } else if (xmlStrEqual(cur->name, BAD_CAST "pmu")) {
            def->cpuProps[VIR_DOMAIN_CPU_PROPS_PMU] = true;
        }
    }

    for (cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && xmlStrEqual(cur->name, BAD_CAST "panic") &&
            virDomainPropIs(cur, "model", "hyperv"))
            def->cpuProps[VIR_DOMAIN_CPU_PROPS_PANIC_HYPERV] = true;
    }
}


/* Of <devices>, only the <emulator> is read. */
static int
virDomainDefParseDevices(xmlNodePtr root,
                         virDomainDef *def)
{
    xmlNodePtr node;

    if (virXMLNodeGetUniqueChild(root, "devices", &node) < 0)
        return -1;
    if (node) {
        xmlNodePtr emulator;

        if (virXMLNodeGetUniqueChild(node, "emulator", &emulator) < 0)
            return -1;
        if (emulator) {
            def->emulator = virXMLNodeContentString(emulator);
            if (def->emulator)
                g_strstrip(def->emulator);
            if (!def->emulator || !*def->emulator) {
                virReportError(VIR_ERR_XML_DETAIL, "%s",
                               _("the <emulator> element is empty"));
                return -1;
            }
        }
    }

    return 0;
}


static int
virDomainDefParseRoot(xmlNodePtr root,
                      virDomainDef *def)
{
    g_autofree char *type = NULL;
    xmlNodePtr node;
    int val;

    if (!xmlStrEqual(root->name, BAD_CAST "domain") || root->ns) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("the root element is '%s', expected 'domain'"),
                       (const char *)root->name);
        return -1;
    }

    if (!(type = virXMLPropString(root, "type"))) {
        virReportError(VIR_ERR_XML_DETAIL, "%s",
                       _("missing required attribute 'type' in element 'domain'"));
        return -1;
    }
    if ((val = virDomainVirtTypeFromString(type)) < 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("domain type '%s' is not supported by hostrec; use 'kvm' or 'qemu'"),
                       type);
        return -1;
    }
    def->virtType = val;

    if (virXMLNodeGetUniqueChild(root, "name", &node) < 0)
        return -1;
    if (node && (def->name = virXMLNodeContentString(node)))
        g_strstrip(def->name);
    if (!def->name || !*def->name) {
        virReportError(VIR_ERR_XML_DETAIL, "%s",
                       _("the domain has no name"));
        return -1;
    }
    if (strchr(def->name, '\n') || strchr(def->name, '/')) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("domain name '%s' must not contain a newline or '/'"),
                       def->name);
        return -1;
    }

    if (virXMLNodeGetUniqueChild(root, "uuid", &node) < 0)
        return -1;
    if (node) {
        g_autofree char *uuid = virXMLNodeContentString(node);

        if (!uuid || virUUIDParse(uuid, def->uuid) < 0) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("malformed uuid '%s'"), NULLSTR(uuid));
            return -1;
        }
        def->hasUUID = true;
    }

    if (virDomainDefParseMemorySizes(root, def) < 0)
        return -1;

    if (virDomainDefParseVcpu(root, def) < 0)
        return -1;

    if (virDomainDefParseOS(root, def) < 0)
        return -1;

    if (virXMLNodeGetUniqueChild(root, "cpu", &node) < 0)
        return -1;
    if (node && virCPUDefParseXML(node, 0, &def->cpu) < 0)
        return -1;

    if (virDomainDefParseDevices(root, def) < 0)
        return -1;

    virDomainDefParseCPUProps(root, def);
    return 0;
}


virDomainDef *
virDomainDefParseDoc(xmlDocPtr doc,
                     const char *sourceName)
{
    g_autoptr(virDomainDef) def = virDomainDefNew();
    xmlNodePtr root;

    def->doc = doc;
    def->sourceName = g_strdup(sourceName);

    if (!(root = xmlDocGetRootElement(doc))) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("'%s' has no root element"), sourceName);
        return NULL;
    }

    if (virDomainDefParseRoot(root, def) < 0)
        return NULL;

    return g_steal_pointer(&def);
}


virDomainDef *
virDomainDefParseFile(const char *path)
{
    const char *name = STREQ(path, "-") ? _("standard input") : path;
    xmlDocPtr doc = virXMLParseFile(path);
    g_autoptr(virDomainDef) def = NULL;

    if (!doc)
        return NULL;

    if (!(def = virDomainDefParseDoc(doc, name)))
        return NULL;

    if (virDomainDefValidate(def) < 0)
        return NULL;

    return g_steal_pointer(&def);
}


int
virDomainDefValidate(const virDomainDef *def)
{
    /* Of a document that breaks several rules, the first of these is
     * reported: the vCPU count, the CPU, the memory sizes. */
    if (def->vcpus == 0 || def->vcpus > def->maxvcpus) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("current vCPU count '%u' is larger than the maximum"),
                       def->vcpus);
        return -1;
    }

    if (def->cpu && virCPUDefValidate(def->cpu) < 0)
        return -1;

    /* as libvirt: the cells name no vCPU beyond the domain's maximum */
    if (def->cpu && def->cpu->numa &&
        virCPUKeptNumaVcpus(def->cpu->numa) > def->maxvcpus) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("NUMA cells name vCPU %u, but the domain's vCPU ids run from 0 to %u"),
                       virCPUKeptNumaVcpus(def->cpu->numa) - 1, def->maxvcpus - 1);
        return -1;
    }

    if (def->currentMemoryKiB > def->memoryKiB) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("current memory '%llu' KiB is larger than the memory size"),
                       def->currentMemoryKiB);
        return -1;
    }

    return 0;
}


/* ------------------------------------------------------------------ */
/* Serializer                                                          */

typedef struct {
    GString *buf;
    xmlNodePtr cpuNode;      /* the element to replace, or NULL */
    xmlNodePtr anchor;       /* insert the CPU after this one, or NULL */
    const virCPUDef *cpu;    /* what to write instead, or NULL to drop */
} virDomainFormatState;


static void
virDomainFormatQName(GString *buf,
                     xmlNsPtr ns,
                     const xmlChar *name)
{
    if (ns && ns->prefix)
        g_string_append_printf(buf, "%s:", (const char *)ns->prefix);
    g_string_append(buf, (const char *)name);
}


/* The whitespace that precedes @node on its own line ("  " for a child of
 * the root in libvirt's layout), or "" when it does not start a line. */
static char *
virDomainFormatNodeIndent(xmlNodePtr node)
{
    xmlNodePtr prev = node->prev;
    const char *text;
    const char *nl;

    if (!prev || prev->type != XML_TEXT_NODE || !prev->content)
        return g_strdup("");

    text = (const char *)prev->content;
    if (!(nl = strrchr(text, '\n')))
        return g_strdup("");
    nl++;
    if (strspn(nl, " \t") != strlen(nl))
        return g_strdup("");
    return g_strdup(nl);
}


/* The canonical <cpu> text without the final newline (the text nodes
 * around the element supply the surrounding whitespace).  Lines after the
 * first get the element's own indentation @indent; the two-space steps of
 * virCPUDefFormat become the document's own step: <cpu> is a child of the
 * root, so its indentation is exactly one step (libvirt's two spaces when
 * the document is not indented). */
static void
virDomainFormatCPU(GString *buf,
                   const virCPUDef *cpu,
                   const char *indent)
{
    g_autofree char *text = virCPUDefFormat(cpu);
    g_auto(GStrv) lines = NULL;
    const char *step = *indent ? indent : "  ";
    size_t i;

    g_strchomp(text);
    lines = g_strsplit(text, "\n", -1);
    for (i = 0; lines[i]; i++) {
        const char *line = lines[i];

        if (i > 0) {
            g_string_append_c(buf, '\n');
            g_string_append(buf, indent);
            while (g_str_has_prefix(line, "  ")) {
                g_string_append(buf, step);
                line += 2;
            }
        }
        g_string_append(buf, line);
    }
}


static bool
virDomainFormatIsBlank(xmlNodePtr node)
{
    const char *p;

    if (node->type != XML_TEXT_NODE || !node->content)
        return false;
    for (p = (const char *)node->content; *p; p++) {
        if (!g_ascii_isspace(*p))
            return false;
    }
    return true;
}


static void virDomainFormatNode(virDomainFormatState *state, xmlNodePtr node);


static void
virDomainFormatElement(virDomainFormatState *state,
                       xmlNodePtr node)
{
    GString *buf = state->buf;
    xmlNsPtr nsDef;
    xmlAttrPtr attr;
    xmlNodePtr child;

    g_string_append_c(buf, '<');
    virDomainFormatQName(buf, node->ns, node->name);

    /* libvirt writes its attributes first, then the namespaces. */
    for (attr = node->properties; attr; attr = attr->next) {
        g_autofree xmlChar *value = xmlNodeListGetString(node->doc, attr->children, 1);

        g_string_append_c(buf, ' ');
        virDomainFormatQName(buf, attr->ns, attr->name);
        g_string_append(buf, "='");
        virBufferEscapeXMLFull(buf, (const char *)value, true);
        g_string_append_c(buf, '\'');
    }

    for (nsDef = node->nsDef; nsDef; nsDef = nsDef->next) {
        if (nsDef->prefix)
            g_string_append_printf(buf, " xmlns:%s='", (const char *)nsDef->prefix);
        else
            g_string_append(buf, " xmlns='");
        virBufferEscapeXMLFull(buf, (const char *)nsDef->href, true);
        g_string_append_c(buf, '\'');
    }

    if (!node->children) {
        g_string_append(buf, "/>");
        return;
    }

    g_string_append_c(buf, '>');
    for (child = node->children; child; child = child->next)
        virDomainFormatNode(state, child);
    g_string_append(buf, "</");
    virDomainFormatQName(buf, node->ns, node->name);
    g_string_append_c(buf, '>');
}


static void
virDomainFormatNode(virDomainFormatState *state,
                    xmlNodePtr node)
{
    GString *buf = state->buf;

    /* Dropping the CPU takes the whitespace before it along. */
    if (state->cpuNode && !state->cpu && node->next == state->cpuNode &&
        virDomainFormatIsBlank(node))
        return;

    if (node == state->cpuNode) {
        if (state->cpu) {
            g_autofree char *indent = virDomainFormatNodeIndent(node);

            /* virCPUDefFormat indents children by two spaces; lines
             * after the first also get the element's own indentation. */
            virDomainFormatCPU(buf, state->cpu, indent);
        }
        return;
    }

    switch (node->type) {
    case XML_ELEMENT_NODE:
        virDomainFormatElement(state, node);
        break;
    case XML_TEXT_NODE:
        virBufferEscapeXMLFull(buf, (const char *)node->content, false);
        break;
    case XML_CDATA_SECTION_NODE:
        g_string_append_printf(buf, "<![CDATA[%s]]>", (const char *)node->content);
        break;
    case XML_COMMENT_NODE:
        g_string_append_printf(buf, "<!--%s-->", (const char *)node->content);
        break;
    case XML_PI_NODE:
        if (node->content && *node->content)
            g_string_append_printf(buf, "<?%s %s?>", (const char *)node->name,
                                   (const char *)node->content);
        else
            g_string_append_printf(buf, "<?%s?>", (const char *)node->name);
        break;
    case XML_ENTITY_REF_NODE:
        g_string_append_printf(buf, "&%s;", (const char *)node->name);
        break;
    case XML_ATTRIBUTE_NODE:
    case XML_ENTITY_NODE:
    case XML_DOCUMENT_NODE:
    case XML_DOCUMENT_TYPE_NODE:
    case XML_DOCUMENT_FRAG_NODE:
    case XML_NOTATION_NODE:
    case XML_HTML_DOCUMENT_NODE:
    case XML_DTD_NODE:
    case XML_ELEMENT_DECL:
    case XML_ATTRIBUTE_DECL:
    case XML_ENTITY_DECL:
    case XML_NAMESPACE_DECL:
    case XML_XINCLUDE_START:
    case XML_XINCLUDE_END:
#ifdef LIBXML_DOCB_ENABLED
    case XML_DOCB_DOCUMENT_NODE:
#endif
    default:
        /* Not produced by virXMLParse*(): no DTD is ever accepted. */
        break;
    }

    if (node == state->anchor && state->cpu) {
        g_autofree char *indent = virDomainFormatNodeIndent(node);

        g_string_append_c(buf, '\n');
        g_string_append(buf, indent);
        virDomainFormatCPU(buf, state->cpu, indent);
    }
}


/* Where a <cpu> goes in a domain that has none: libvirt writes it after
 * <features> (or <os>, or <vcpu>) and before <clock>. */
static xmlNodePtr
virDomainFormatFindAnchor(xmlNodePtr root)
{
    const char *after[] = { "features", "os", "vcpu", "currentMemory", "memory" };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(after); i++) {
        xmlNodePtr node = virXMLNodeGetChild(root, after[i]);

        if (node)
            return node;
    }
    return xmlGetLastChild(root);
}


char *
virDomainDefFormatWithCPU(const virDomainDef *def,
                          const virCPUDef *cpu)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    virDomainFormatState state = { .buf = buf, .cpu = cpu };
    xmlNodePtr root = xmlDocGetRootElement(def->doc);
    xmlNodePtr node;

    state.cpuNode = virXMLNodeGetChild(root, "cpu");
    if (!state.cpuNode && cpu)
        state.anchor = virDomainFormatFindAnchor(root);

    /* libxml2 keeps no whitespace outside the root: one node a line. */
    for (node = def->doc->children; node; node = node->next) {
        if (node->type == XML_DTD_NODE)
            continue;
        virDomainFormatNode(&state, node);
        g_string_append_c(buf, '\n');
    }

    return g_string_free(g_steal_pointer(&buf), FALSE);
}


char *
virDomainDefFormat(const virDomainDef *def)
{
    return virDomainDefFormatWithCPU(def, def->cpu);
}
