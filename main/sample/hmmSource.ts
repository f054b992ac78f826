/**
 * The text of the sample's mm/hmm.c, rendered from a small model: a list of
 * functions, each with a revision number (what its body looks like) and the
 * macro it is exported with. Written for Strata's sample; not kernel code.
 */
export type ExportMacro = 'EXPORT_SYMBOL' | 'EXPORT_SYMBOL_GPL' | null;

export interface SampleFunction {
  readonly name: string;
  readonly signature: string;
  readonly summary: string;
  readonly revision: number;
  readonly exported: ExportMacro;
}

export interface HmmModel {
  readonly copyrightYears: string;
  readonly includes: readonly string[];
  readonly functions: readonly SampleFunction[];
}

const STEPS = [
  (n: string) => [`\tif (!${arg(n)})`, '\t\treturn -EINVAL;'],
  () => ['\tlockdep_assert_held(&mm->mmap_lock);'],
  () => [
    '\tspin_lock(&hmm->ranges_lock);',
    '\tlist_for_each_entry(range, &hmm->ranges, list)',
    '\t\trange->valid = false;',
    '\tspin_unlock(&hmm->ranges_lock);',
  ],
  () => ['\tif (WARN_ON_ONCE(range->start >= range->end))', '\t\treturn -EINVAL;'],
  () => ['\tret = walk_page_range(mm, start, end, &hmm_walk_ops, &walk);', '\tif (ret == -EBUSY)', '\t\tgoto again;'],
  () => ['\t/* The device driver must hold a reference on the mm while we walk it. */', '\tmmget(mm);'],
  () => ['\tfor (i = 0; i < npages; ++i)', '\t\tpfns[i] = range->values[HMM_PFN_NONE];'],
  () => ['\tif (mmu_interval_check_retry(range->notifier, range->notifier_seq))', '\t\treturn -EBUSY;'],
  () => ['\tkref_put(&hmm->kref, hmm_free);'],
  () => ['\tmemset(pfns, 0, sizeof(*pfns) * npages);'],
  () => ['\tpgmap = get_dev_pagemap(pfn, pgmap);', '\tif (unlikely(!pgmap))', '\t\treturn -EBUSY;'],
  () => ['\tif (pmd_none(pmd) || !pmd_present(pmd))', '\t\treturn hmm_pfns_fill(start, end, range, HMM_PFN_NONE);'],
];

function arg(name: string): string {
  if (name.includes('mirror')) return 'mirror';
  if (name.includes('devmem')) return 'devmem';
  if (name.includes('device')) return 'device';
  return 'range';
}

export function renderFunction(f: SampleFunction): string[] {
  const lines: string[] = ['/*', ` * ${f.name}() - ${f.summary}`];
  if (f.revision >= 2) lines.push(` * @${arg(f.name)}: the ${arg(f.name)} this call works on`);
  lines.push(' *', ` * Returns 0 on success, or a negative errno${f.revision >= 4 ? ' (-EBUSY when the caller must retry)' : ''}.`, ' */');
  lines.push(f.signature, '{');
  lines.push(`\tstruct hmm *hmm = ${arg(f.name)}->hmm;`, '\tint ret = 0;', '');
  const seed = [...f.name].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
  for (let r = 0; r <= f.revision; r++) {
    const step = STEPS[(seed + r * 5) % STEPS.length]!;
    lines.push(...step(f.name), '');
  }
  lines.push('\treturn ret;', '}');
  if (f.exported) lines.push(`${f.exported}(${f.name});`);
  lines.push('');
  return lines;
}

export function renderHmm(model: HmmModel): string {
  const head = [
    '// SPDX-License-Identifier: GPL-2.0-or-later',
    '/*',
    ` * Copyright ${model.copyrightYears} Example Systems, Inc.`,
    ' *',
    ' * Heterogeneous Memory Management (HMM) - sample text written for Strata.',
    ' * Mirrors a process address space into a device page table and lets device',
    ' * memory stand in for system pages.',
    ' */',
    ...model.includes.map((i) => `#include <${i}>`),
    '',
  ];
  return [...head, ...model.functions.flatMap(renderFunction)].join('\n');
}
