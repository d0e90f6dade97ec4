/*
 * cpu_kept.c: the <cpu> children hostrec keeps without modelling them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The shapes below are libvirt 11.3's (docs/formatdomain.rst of libvirt,
 * "CPU model and topology" and "NUMA Node Tuning"; its cputypes.rng), one
 * table row per element and per attribute.  The rules between the cells
 * of a <numa> are libvirt's virDomainNumaDefParseXML ones, stated in
 * virCPUKeptValidateNuma.
 */

#include "internal.h"

#include <limits.h>
#include <string.h>

#include "cpu_kept.h"
#include "virerror.h"
#include "virstring.h"

/* At most this many child elements in one kept element: more cells,
 * siblings or interconnects than that are hostile input. */
#define VIR_CPU_KEPT_MAX_CHILDREN 4096

/* At most this many kinds of child element in one schema row. */
#define VIR_CPU_KEPT_MAX_KINDS 4

/* libvirt's distance of a NUMA cell to itself. */
#define VIR_CPU_KEPT_LOCAL_DISTANCE 10

typedef enum {
    VIR_CPU_KEPT_UINT = 0,      /* decimal unsigned int in [min, max] */
    VIR_CPU_KEPT_ULONG,         /* decimal unsigned long long */
    VIR_CPU_KEPT_CHOICE,        /* one of .choices */
    VIR_CPU_KEPT_UNIT,          /* a memory unit (virUnitToBytes) */
    VIR_CPU_KEPT_CPUSET,        /* vCPU ids: "0-3,^2,8" */
} virCPUKeptValue;

typedef struct {
    const char *name;
    virCPUKeptValue kind;
    bool required;
    const char * const *choices;    /* NULL-terminated, for CHOICE */
    unsigned int min;               /* for UINT */
    unsigned int max;               /* for UINT; 0 means UINT_MAX */
} virCPUKeptAttr;

typedef struct {
    const virCPUKeptSchema *schema;
    bool required;                  /* at least one */
    bool once;                      /* at most one */
} virCPUKeptChild;

struct _virCPUKeptSchema {
    const char *name;
    const virCPUKeptAttr *attrs;        /* ends with a NULL name */
    const virCPUKeptChild *children;    /* ends with a NULL schema */
};

struct _virCPUKept {
    const virCPUKeptSchema *schema;
    char **values;              /* one per attribute of the schema, NULL when absent */
    GPtrArray *children;        /* virCPUKept, in document order */
    unsigned int vcpus;         /* <numa>: highest vCPU id of its cells + 1 */
};

static const char * const virCPUKeptYesNo[] = { "yes", "no", NULL };
static const char * const virCPUKeptMemAccess[] = { "shared", "private", NULL };
static const char * const virCPUKeptAssociativity[] = { "none", "direct", "full", NULL };
static const char * const virCPUKeptCachePolicy[] = { "none", "writeback", "writethrough", NULL };
static const char * const virCPUKeptAccessType[] = { "access", "read", "write", NULL };
static const char * const virCPUKeptCacheMode[] = { "emulate", "passthrough", "disable", NULL };
static const char * const virCPUKeptAddrMode[] = { "emulate", "passthrough", NULL };

static const virCPUKeptAttr virCPUKeptNoAttrs[] = {
    { NULL },
};
static const virCPUKeptChild virCPUKeptNoChildren[] = {
    { NULL },
};

/* <numa><cell><distances><sibling id='1' value='21'/> */
static const virCPUKeptAttr virCPUKeptSiblingAttrs[] = {
    { "id", VIR_CPU_KEPT_UINT, true },
    { "value", VIR_CPU_KEPT_UINT, true, .min = 10, .max = 255 },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptSibling = {
    "sibling", virCPUKeptSiblingAttrs, virCPUKeptNoChildren,
};
static const virCPUKeptChild virCPUKeptDistancesChildren[] = {
    { &virCPUKeptSibling, .required = true },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptDistances = {
    "distances", virCPUKeptNoAttrs, virCPUKeptDistancesChildren,
};

/* <numa><cell><cache level='1' associativity='direct' policy='writeback'>
 *   <size value='10' unit='KiB'/><line value='8' unit='B'/> */
static const virCPUKeptAttr virCPUKeptSizeAttrs[] = {
    { "value", VIR_CPU_KEPT_UINT, true },
    { "unit", VIR_CPU_KEPT_UNIT, true },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptSize = {
    "size", virCPUKeptSizeAttrs, virCPUKeptNoChildren,
};
static const virCPUKeptSchema virCPUKeptLine = {
    "line", virCPUKeptSizeAttrs, virCPUKeptNoChildren,
};
static const virCPUKeptAttr virCPUKeptCellCacheAttrs[] = {
    { "level", VIR_CPU_KEPT_UINT, true },
    { "associativity", VIR_CPU_KEPT_CHOICE, true, virCPUKeptAssociativity },
    { "policy", VIR_CPU_KEPT_CHOICE, true, virCPUKeptCachePolicy },
    { NULL },
};
static const virCPUKeptChild virCPUKeptCellCacheChildren[] = {
    { &virCPUKeptSize, .required = true, .once = true },
    { &virCPUKeptLine, .required = true, .once = true },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptCellCache = {
    "cache", virCPUKeptCellCacheAttrs, virCPUKeptCellCacheChildren,
};

/* <numa><cell id='0' cpus='0-1' memory='512' unit='MiB' .../> */
static const virCPUKeptAttr virCPUKeptCellAttrs[] = {
    { "id", VIR_CPU_KEPT_UINT },
    { "cpus", VIR_CPU_KEPT_CPUSET },
    { "memory", VIR_CPU_KEPT_ULONG, true },
    { "unit", VIR_CPU_KEPT_UNIT },
    { "memAccess", VIR_CPU_KEPT_CHOICE, false, virCPUKeptMemAccess },
    { "discard", VIR_CPU_KEPT_CHOICE, false, virCPUKeptYesNo },
    { NULL },
};
static const virCPUKeptChild virCPUKeptCellChildren[] = {
    { &virCPUKeptDistances, .once = true },
    { &virCPUKeptCellCache },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptCell = {
    "cell", virCPUKeptCellAttrs, virCPUKeptCellChildren,
};

/* <numa><interconnects><latency .../><bandwidth .../> */
static const virCPUKeptAttr virCPUKeptLatencyAttrs[] = {
    { "initiator", VIR_CPU_KEPT_UINT, true },
    { "target", VIR_CPU_KEPT_UINT, true },
    { "cache", VIR_CPU_KEPT_UINT },
    { "type", VIR_CPU_KEPT_CHOICE, true, virCPUKeptAccessType },
    { "value", VIR_CPU_KEPT_UINT, true },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptLatency = {
    "latency", virCPUKeptLatencyAttrs, virCPUKeptNoChildren,
};
static const virCPUKeptAttr virCPUKeptBandwidthAttrs[] = {
    { "initiator", VIR_CPU_KEPT_UINT, true },
    { "target", VIR_CPU_KEPT_UINT, true },
    { "cache", VIR_CPU_KEPT_UINT },
    { "type", VIR_CPU_KEPT_CHOICE, true, virCPUKeptAccessType },
    { "value", VIR_CPU_KEPT_UINT, true },
    { "unit", VIR_CPU_KEPT_UNIT, true },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptBandwidth = {
    "bandwidth", virCPUKeptBandwidthAttrs, virCPUKeptNoChildren,
};
static const virCPUKeptChild virCPUKeptInterconnectsChildren[] = {
    { &virCPUKeptLatency },
    { &virCPUKeptBandwidth },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptInterconnects = {
    "interconnects", virCPUKeptNoAttrs, virCPUKeptInterconnectsChildren,
};

static const virCPUKeptChild virCPUKeptNumaChildren[] = {
    { &virCPUKeptCell, .required = true },
    { &virCPUKeptInterconnects, .once = true },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptNuma = {
    "numa", virCPUKeptNoAttrs, virCPUKeptNumaChildren,
};

/* <cpu><cache level='3' mode='emulate'/> */
static const virCPUKeptAttr virCPUKeptCacheAttrs[] = {
    { "level", VIR_CPU_KEPT_UINT, false, .min = 1, .max = 3 },
    { "mode", VIR_CPU_KEPT_CHOICE, true, virCPUKeptCacheMode },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptCache = {
    "cache", virCPUKeptCacheAttrs, virCPUKeptNoChildren,
};

/* <cpu><maxphysaddr mode='passthrough' limit='39'/> */
static const virCPUKeptAttr virCPUKeptMaxPhysAddrAttrs[] = {
    { "mode", VIR_CPU_KEPT_CHOICE, true, virCPUKeptAddrMode },
    { "bits", VIR_CPU_KEPT_UINT },
    { "limit", VIR_CPU_KEPT_UINT },
    { NULL },
};
static const virCPUKeptSchema virCPUKeptMaxPhysAddr = {
    "maxphysaddr", virCPUKeptMaxPhysAddrAttrs, virCPUKeptNoChildren,
};

/* The children of <cpu> this file reads. */
static const virCPUKeptSchema * const virCPUKeptTop[] = {
    &virCPUKeptNuma,
    &virCPUKeptCache,
    &virCPUKeptMaxPhysAddr,
};


static size_t
virCPUKeptCountAttrs(const virCPUKeptSchema *schema)
{
    size_t n = 0;

    while (schema->attrs[n].name)
        n++;
    return n;
}


static virCPUKept *
virCPUKeptNew(const virCPUKeptSchema *schema)
{
    virCPUKept *kept = g_new0(virCPUKept, 1);

    kept->schema = schema;
    kept->values = g_new0(char *, virCPUKeptCountAttrs(schema));
    kept->children = g_ptr_array_new_with_free_func((GDestroyNotify)virCPUKeptFree);
    return kept;
}


void
virCPUKeptFree(virCPUKept *kept)
{
    size_t i;

    if (!kept)
        return;

    for (i = 0; kept->schema->attrs[i].name; i++)
        g_free(kept->values[i]);
    g_free(kept->values);
    g_ptr_array_unref(kept->children);
    g_free(kept);
}


virCPUKept *
virCPUKeptCopy(const virCPUKept *kept)
{
    virCPUKept *copy;
    size_t i;

    if (!kept)
        return NULL;

    copy = virCPUKeptNew(kept->schema);
    for (i = 0; kept->schema->attrs[i].name; i++)
        copy->values[i] = g_strdup(kept->values[i]);
    for (i = 0; i < kept->children->len; i++)
        g_ptr_array_add(copy->children,
                        virCPUKeptCopy(g_ptr_array_index(kept->children, i)));
    copy->vcpus = kept->vcpus;
    return copy;
}


bool
virCPUKeptIsKnown(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virCPUKeptTop); i++) {
        if (STREQ(virCPUKeptTop[i]->name, name))
            return true;
    }
    return false;
}


const char *
virCPUKeptGetName(const virCPUKept *kept)
{
    return kept->schema->name;
}


unsigned int
virCPUKeptNumaVcpus(const virCPUKept *kept)
{
    return kept->vcpus;
}


/* The value of attribute @name of @kept, or NULL when absent. */
static const char *
virCPUKeptGetValue(const virCPUKept *kept,
                   const char *name)
{
    size_t i;

    for (i = 0; kept->schema->attrs[i].name; i++) {
        if (STREQ(kept->schema->attrs[i].name, name))
            return kept->values[i];
    }
    return NULL;
}


/* An unsigned int attribute the table already checked, or @def. */
static unsigned int
virCPUKeptGetUInt(const virCPUKept *kept,
                  const char *name,
                  unsigned int def)
{
    const char *value = virCPUKeptGetValue(kept, name);
    unsigned long long n;

    if (!value || virStrToULL(value, 0, UINT_MAX, &n) < 0)
        return def;
    return n;
}


/* One number of a vCPU list, advancing *@p. */
static int
virCPUKeptParseCpusetNumber(const char **p,
                            unsigned int *result)
{
    unsigned long long n = 0;
    const char *start = *p;

    while (g_ascii_isdigit(**p)) {
        n = n * 10 + (**p - '0');
        if (n >= VIR_CPU_KEPT_MAX_VCPUS)
            return -1;
        (*p)++;
    }
    if (*p == start)
        return -1;
    *result = n;
    return 0;
}


/* libvirt's vCPU list: comma-separated ids, ranges 'A-B' (A <= B) and
 * exclusions '^N', each id below VIR_CPU_KEPT_MAX_VCPUS.  Fills @set
 * (VIR_CPU_KEPT_MAX_VCPUS entries).  Reports nothing; 0 or -1. */
static int
virCPUKeptParseCpuset(const char *str,
                      bool *set)
{
    const char *p = str;

    memset(set, 0, VIR_CPU_KEPT_MAX_VCPUS * sizeof(*set));
    for (;;) {
        bool exclude = false;
        unsigned int first;
        unsigned int last;
        unsigned int i;

        if (*p == '^') {
            exclude = true;
            p++;
        }
        if (virCPUKeptParseCpusetNumber(&p, &first) < 0)
            return -1;
        last = first;
        if (!exclude && *p == '-') {
            p++;
            if (virCPUKeptParseCpusetNumber(&p, &last) < 0 || last < first)
                return -1;
        }
        for (i = first; i <= last; i++)
            set[i] = !exclude;
        if (*p == '\0')
            return 0;
        if (*p != ',')
            return -1;
        p++;
    }
}


static int
virCPUKeptCheckValue(const virCPUKeptSchema *schema,
                     const virCPUKeptAttr *attr,
                     const char *value)
{
    unsigned long long n;
    unsigned long long bytes;
    g_autofree bool *set = NULL;
    size_t i;

    switch (attr->kind) {
    case VIR_CPU_KEPT_UINT:
        if (virStrToULL(value, attr->min, attr->max ? attr->max : UINT_MAX, &n) == 0)
            return 0;
        break;
    case VIR_CPU_KEPT_ULONG:
        if (virStrToULL(value, 0, ULLONG_MAX, &n) == 0)
            return 0;
        break;
    case VIR_CPU_KEPT_CHOICE:
        for (i = 0; attr->choices[i]; i++) {
            if (STREQ(attr->choices[i], value))
                return 0;
        }
        break;
    case VIR_CPU_KEPT_UNIT:
        if (virUnitToBytes(value, &bytes) == 0)
            return 0;
        break;
    case VIR_CPU_KEPT_CPUSET:
        set = g_new0(bool, VIR_CPU_KEPT_MAX_VCPUS);
        if (virCPUKeptParseCpuset(value, set) == 0)
            return 0;
        break;
    default:
        break;
    }

    virReportError(VIR_ERR_XML_DETAIL,
                   _("invalid value '%s' of attribute '%s' of the CPU's <%s> element"),
                   value, attr->name, schema->name);
    return -1;
}


static int
virCPUKeptParseAttributes(xmlNodePtr node,
                          virCPUKept *kept)
{
    const virCPUKeptSchema *schema = kept->schema;
    xmlAttrPtr prop;
    size_t i;

    for (prop = node->properties; prop; prop = prop->next) {
        const char *name = (const char *)prop->name;
        g_autofree char *value = NULL;

        for (i = 0; schema->attrs[i].name; i++) {
            if (STREQ(schema->attrs[i].name, name))
                break;
        }
        if (prop->ns || !schema->attrs[i].name) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("attribute '%s' of the CPU's <%s> element is not supported by hostrec"),
                           name, schema->name);
            return -1;
        }
        value = virXMLPropString(node, name);
        if (virCPUKeptCheckValue(schema, &schema->attrs[i], value) < 0)
            return -1;
        kept->values[i] = g_steal_pointer(&value);
    }

    for (i = 0; schema->attrs[i].name; i++) {
        if (schema->attrs[i].required && !kept->values[i]) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the CPU's <%s> element needs the attribute '%s'"),
                           schema->name, schema->attrs[i].name);
            return -1;
        }
    }
    return 0;
}


static int virCPUKeptParseNode(xmlNodePtr node,
                               const virCPUKeptSchema *schema,
                               virCPUKept **ret);


static int
virCPUKeptParseChildren(xmlNodePtr node,
                        virCPUKept *kept)
{
    const virCPUKeptSchema *schema = kept->schema;
    size_t counts[VIR_CPU_KEPT_MAX_KINDS] = { 0 };
    xmlNodePtr cur;
    size_t i;

    for (cur = node->children; cur; cur = cur->next) {
        const char *name = (const char *)cur->name;
        virCPUKept *child = NULL;

        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            g_autofree char *text = (char *)xmlNodeGetContent(cur);

            if (text && *g_strstrip(text)) {
                virReportError(VIR_ERR_XML_DETAIL,
                               _("the CPU's <%s> element takes no text, but '%s' was given"),
                               schema->name, text);
                return -1;
            }
            continue;
        }
        if (cur->type != XML_ELEMENT_NODE)
            continue;

        for (i = 0; schema->children[i].schema; i++) {
            if (STREQ(schema->children[i].schema->name, name))
                break;
        }
        if (cur->ns || !schema->children[i].schema) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("element '%s' inside <%s> of the CPU is not supported by hostrec"),
                           name, schema->name);
            return -1;
        }
        if (schema->children[i].once && counts[i] > 0) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("element '%s' appears more than once inside <%s>"),
                           name, schema->name);
            return -1;
        }
        if (kept->children->len >= VIR_CPU_KEPT_MAX_CHILDREN) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the CPU's <%s> element has more than %d child elements"),
                           schema->name, VIR_CPU_KEPT_MAX_CHILDREN);
            return -1;
        }
        if (virCPUKeptParseNode(cur, schema->children[i].schema, &child) < 0)
            return -1;
        g_ptr_array_add(kept->children, child);
        counts[i]++;
    }

    for (i = 0; schema->children[i].schema; i++) {
        if (schema->children[i].required && counts[i] == 0) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the CPU's <%s> element needs a <%s> element"),
                           schema->name, schema->children[i].schema->name);
            return -1;
        }
    }
    return 0;
}


static int
virCPUKeptParseNode(xmlNodePtr node,
                    const virCPUKeptSchema *schema,
                    virCPUKept **ret)
{
    g_autoptr(virCPUKept) kept = virCPUKeptNew(schema);

    if (virCPUKeptParseAttributes(node, kept) < 0 ||
        virCPUKeptParseChildren(node, kept) < 0)
        return -1;

    *ret = g_steal_pointer(&kept);
    return 0;
}


/* The cells of @numa, in document order, with the id each one has
 * (libvirt: its position when it has no id). */
typedef struct {
    const virCPUKept *cell;
    unsigned int id;
} virCPUKeptCellRef;


/* Cell ids 0 to N-1, each once; no vCPU in two cells; a memory size that
 * fits in bytes.  Fills @cells (indexed by id) and kept->vcpus. */
static int
virCPUKeptValidateCells(virCPUKept *numa,
                        virCPUKeptCellRef *cells,
                        size_t ncells)
{
    g_autofree bool *set = g_new0(bool, VIR_CPU_KEPT_MAX_VCPUS);
    g_autofree unsigned int *owner = g_new0(unsigned int, VIR_CPU_KEPT_MAX_VCPUS);
    size_t pos = 0;
    size_t i;

    for (i = 0; i < numa->children->len; i++) {
        const virCPUKept *cell = g_ptr_array_index(numa->children, i);
        unsigned int id;
        const char *cpus;
        const char *unit;
        unsigned long long memory = 0;
        unsigned long long bytes = 1024;
        unsigned int v;

        if (cell->schema != &virCPUKeptCell)
            continue;

        id = virCPUKeptGetUInt(cell, "id", pos);
        pos++;
        if (id >= ncells) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("NUMA cell id '%u' is out of range: the ids of %zu cells run from 0 to %zu"),
                           id, ncells, ncells - 1);
            return -1;
        }
        if (cells[id].cell) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("NUMA cell id '%u' is given more than once"), id);
            return -1;
        }
        cells[id].cell = cell;
        cells[id].id = id;

        if ((unit = virCPUKeptGetValue(cell, "unit")))
            virUnitToBytes(unit, &bytes);
        virStrToULL(virCPUKeptGetValue(cell, "memory"), 0, ULLONG_MAX, &memory);
        if (memory > ULLONG_MAX / bytes) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the memory of NUMA cell '%u' is too large"), id);
            return -1;
        }

        if (!(cpus = virCPUKeptGetValue(cell, "cpus")))
            continue;
        virCPUKeptParseCpuset(cpus, set);
        for (v = 0; v < VIR_CPU_KEPT_MAX_VCPUS; v++) {
            if (!set[v])
                continue;
            if (owner[v]) {
                virReportError(VIR_ERR_XML_DETAIL,
                               _("NUMA cells '%u' and '%u' both hold vCPU %u"),
                               owner[v] - 1, id, v);
                return -1;
            }
            owner[v] = id + 1;
            numa->vcpus = MAX(numa->vcpus, v + 1);
        }
    }
    return 0;
}


/* Distances: to existing cells, each once, 10 exactly for the cell
 * itself and more than 10 for any other; cache levels each once. */
static int
virCPUKeptValidateCellChildren(const virCPUKeptCellRef *ref,
                               size_t ncells)
{
    g_autofree bool *seen = g_new0(bool, ncells);
    GPtrArray *children = ref->cell->children;
    size_t i;
    size_t j;

    for (i = 0; i < children->len; i++) {
        const virCPUKept *child = g_ptr_array_index(children, i);

        if (child->schema == &virCPUKeptCellCache) {
            unsigned int level = virCPUKeptGetUInt(child, "level", 0);

            for (j = 0; j < i; j++) {
                const virCPUKept *other = g_ptr_array_index(children, j);

                if (other->schema == &virCPUKeptCellCache &&
                    virCPUKeptGetUInt(other, "level", 0) == level) {
                    virReportError(VIR_ERR_XML_DETAIL,
                                   _("NUMA cell '%u' describes cache level %u more than once"),
                                   ref->id, level);
                    return -1;
                }
            }
            continue;
        }

        for (j = 0; j < child->children->len; j++) {
            const virCPUKept *sibling = g_ptr_array_index(child->children, j);
            unsigned int id = virCPUKeptGetUInt(sibling, "id", 0);
            unsigned int value = virCPUKeptGetUInt(sibling, "value", 0);

            if (id >= ncells) {
                virReportError(VIR_ERR_XML_DETAIL,
                               _("NUMA cell '%u' gives a distance to cell '%u', which does not exist"),
                               ref->id, id);
                return -1;
            }
            if (seen[id]) {
                virReportError(VIR_ERR_XML_DETAIL,
                               _("NUMA cell '%u' gives its distance to cell '%u' more than once"),
                               ref->id, id);
                return -1;
            }
            seen[id] = true;
            if ((id == ref->id) != (value == VIR_CPU_KEPT_LOCAL_DISTANCE)) {
                virReportError(VIR_ERR_XML_DETAIL,
                               _("distance '%u' from NUMA cell '%u' to cell '%u' is invalid: a cell's distance to itself is %d, to any other cell more than that"),
                               value, ref->id, id, VIR_CPU_KEPT_LOCAL_DISTANCE);
                return -1;
            }
        }
    }
    return 0;
}


/* Whether the cell @ref describes cache level @level. */
static bool
virCPUKeptCellHasCache(const virCPUKeptCellRef *ref,
                       unsigned int level)
{
    size_t i;

    for (i = 0; i < ref->cell->children->len; i++) {
        const virCPUKept *child = g_ptr_array_index(ref->cell->children, i);

        if (child->schema == &virCPUKeptCellCache &&
            virCPUKeptGetUInt(child, "level", 0) == level)
            return true;
    }
    return false;
}


/* An interconnect joins two existing cells, the initiator one with vCPUs,
 * and names a cache level the target cell describes. */
static int
virCPUKeptValidateInterconnects(const virCPUKept *interconnects,
                                const virCPUKeptCellRef *cells,
                                size_t ncells)
{
    size_t i;

    for (i = 0; i < interconnects->children->len; i++) {
        const virCPUKept *link = g_ptr_array_index(interconnects->children, i);
        unsigned int initiator = virCPUKeptGetUInt(link, "initiator", 0);
        unsigned int target = virCPUKeptGetUInt(link, "target", 0);
        const char *cache = virCPUKeptGetValue(link, "cache");

        if (initiator >= ncells || target >= ncells) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the NUMA <%s> from cell '%u' to cell '%u' names a cell that does not exist"),
                           link->schema->name, initiator, target);
            return -1;
        }
        if (!virCPUKeptGetValue(cells[initiator].cell, "cpus")) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the NUMA <%s> starts at cell '%u', which has no vCPUs"),
                           link->schema->name, initiator);
            return -1;
        }
        if (cache &&
            !virCPUKeptCellHasCache(&cells[target],
                                    virCPUKeptGetUInt(link, "cache", 0))) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("the NUMA <%s> names cache level '%s', which cell '%u' does not describe"),
                           link->schema->name, cache, target);
            return -1;
        }
    }
    return 0;
}


static int
virCPUKeptValidateNuma(virCPUKept *numa)
{
    g_autofree virCPUKeptCellRef *cells = NULL;
    size_t ncells = 0;
    size_t i;

    for (i = 0; i < numa->children->len; i++) {
        const virCPUKept *child = g_ptr_array_index(numa->children, i);

        if (child->schema == &virCPUKeptCell)
            ncells++;
    }
    cells = g_new0(virCPUKeptCellRef, ncells);

    if (virCPUKeptValidateCells(numa, cells, ncells) < 0)
        return -1;

    for (i = 0; i < ncells; i++) {
        if (virCPUKeptValidateCellChildren(&cells[i], ncells) < 0)
            return -1;
    }

    for (i = 0; i < numa->children->len; i++) {
        const virCPUKept *child = g_ptr_array_index(numa->children, i);

        if (child->schema == &virCPUKeptInterconnects &&
            virCPUKeptValidateInterconnects(child, cells, ncells) < 0)
            return -1;
    }
    return 0;
}


int
virCPUKeptParseXML(xmlNodePtr node,
                   virCPUKept **ret)
{
    g_autoptr(virCPUKept) kept = NULL;
    const virCPUKeptSchema *schema = NULL;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virCPUKeptTop); i++) {
        if (STREQ(virCPUKeptTop[i]->name, (const char *)node->name))
            schema = virCPUKeptTop[i];
    }
    if (!schema) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("element '%s' inside <cpu> is not one hostrec keeps"),
                       (const char *)node->name);
        return -1;
    }

    if (virCPUKeptParseNode(node, schema, &kept) < 0)
        return -1;
    if (schema == &virCPUKeptNuma && virCPUKeptValidateNuma(kept) < 0)
        return -1;

    *ret = g_steal_pointer(&kept);
    return 0;
}


void
virCPUKeptFormat(GString *buf,
                 const virCPUKept *kept,
                 int indent)
{
    size_t i;

    virBufferIndentPrintf(buf, indent, "<%s", kept->schema->name);
    for (i = 0; kept->schema->attrs[i].name; i++) {
        if (!kept->values[i])
            continue;
        g_string_append_printf(buf, " %s='", kept->schema->attrs[i].name);
        virBufferEscapeXML(buf, kept->values[i]);
        g_string_append_c(buf, '\'');
    }

    if (kept->children->len == 0) {
        g_string_append(buf, "/>\n");
        return;
    }
    g_string_append(buf, ">\n");
    for (i = 0; i < kept->children->len; i++)
        virCPUKeptFormat(buf, g_ptr_array_index(kept->children, i), indent + 1);
    virBufferIndentPrintf(buf, indent, "</%s>\n", kept->schema->name);
}
