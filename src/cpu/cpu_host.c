/*
 * cpu_host.c: the host CPU model of a virt type, as QEMU expands it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "cpu_host.h"

virCPUHostModel *
virCPUHostModelNew(void)
{
    return g_new0(virCPUHostModel, 1);
}

static void
virCPUPropsFree(virCPUProp *props,
                size_t nprops)
{
    size_t i;

    for (i = 0; i < nprops; i++)
        g_free(props[i].name);
    g_free(props);
}

void
virCPUHostModelFree(virCPUHostModel *host)
{
    if (!host)
        return;

    g_free(host->model);
    virCPUPropsFree(host->props, host->nprops);
    virCPUPropsFree(host->fullProps, host->nfullProps);
    g_strfreev(host->deprecated);
    g_strfreev(host->hostDeprecated);
    g_free(host);
}

static virCPUProp *
virCPUPropsCopy(const virCPUProp *props,
                size_t nprops)
{
    virCPUProp *ret = g_new0(virCPUProp, MAX(virArrayCapacity(nprops), 1));
    size_t i;

    for (i = 0; i < nprops; i++) {
        ret[i].name = g_strdup(props[i].name);
        ret[i].enabled = props[i].enabled;
    }
    return ret;
}

virCPUHostModel *
virCPUHostModelCopy(const virCPUHostModel *host)
{
    virCPUHostModel *ret = virCPUHostModelNew();

    ret->model = g_strdup(host->model);
    ret->props = virCPUPropsCopy(host->props, host->nprops);
    ret->nprops = host->nprops;
    ret->fullProps = virCPUPropsCopy(host->fullProps, host->nfullProps);
    ret->nfullProps = host->nfullProps;
    ret->deprecated = g_strdupv(host->deprecated);
    ret->hostDeprecated = g_strdupv(host->hostDeprecated);
    return ret;
}

static void
virCPUPropsAppend(virCPUProp **props,
                  size_t *nprops,
                  const char *name,
                  bool enabled)
{
    if (*nprops == virArrayCapacity(*nprops))
        *props = g_renew(virCPUProp, *props, virArrayCapacity(*nprops + 1));
    (*props)[*nprops].name = g_strdup(name);
    (*props)[*nprops].enabled = enabled;
    (*nprops)++;
}

void
virCPUHostModelAddProp(virCPUHostModel *host,
                       const char *name,
                       bool enabled)
{
    virCPUPropsAppend(&host->props, &host->nprops, name, enabled);
}

void
virCPUHostModelAddFullProp(virCPUHostModel *host,
                           const char *name,
                           bool enabled)
{
    virCPUPropsAppend(&host->fullProps, &host->nfullProps, name, enabled);
}

char **
virCPUHostModelGetDeprecated(const virCPUHostModel *host)
{
    if (host->deprecated)
        return host->deprecated;
    return host->hostDeprecated;
}


void
virCPUHostModelCollectProps(const virCPUHostModel *host,
                            GHashTable *props)
{
    size_t i;

    if (!host)
        return;

    for (i = 0; i < host->nprops; i++)
        g_hash_table_add(props, g_strdup(host->props[i].name));
    for (i = 0; i < host->nfullProps; i++)
        g_hash_table_add(props, g_strdup(host->fullProps[i].name));
    for (i = 0; host->deprecated && host->deprecated[i]; i++)
        g_hash_table_add(props, g_strdup(host->deprecated[i]));
    for (i = 0; host->hostDeprecated && host->hostDeprecated[i]; i++)
        g_hash_table_add(props, g_strdup(host->hostDeprecated[i]));
}
