import { type ExportMacro, type HmmModel, type SampleFunction, renderHmm } from './hmmSource';

/**
 * The embedded sample: a kernel-shaped history of an mm/hmm.c-like file from
 * 2017 to 2024, written for Strata (people, addresses and code are invented).
 * It is told as events; a sink writes each commit and returns its id, which
 * later messages cite (Fixes:, "commit X upstream").
 */
export interface SamplePerson {
  readonly name: string;
  readonly email: string;
}

export interface SampleCommitSpec {
  readonly branch: string;
  readonly parents: readonly string[];
  readonly author: SamplePerson;
  readonly committer: SamplePerson;
  /** Seconds since the epoch; the author's zone offset in minutes. */
  readonly time: number;
  readonly tz: number;
  readonly message: string;
  /** The whole tree: path → text. */
  readonly files: ReadonlyMap<string, string>;
}

export interface SampleSink {
  commit(spec: SampleCommitSpec): Promise<string>;
  tag(name: string, commit: string, tagger: SamplePerson, time: number, message: string): Promise<void>;
  branch(name: string, commit: string): Promise<void>;
  /** Told of each mm/hmm.c change as the mail that carried it would be (the sample's archive is written from these). */
  patch?(p: SamplePatch): void;
}

/** One mm/hmm.c change of the story as it was posted: the Message-ID its commit's Link: names, and the file before and after. */
export interface SamplePatch {
  readonly key?: string;
  readonly msgId: string;
  readonly subject: string;
  readonly why: string;
  readonly author: SamplePerson;
  readonly reviewers: readonly SamplePerson[];
  readonly acks: readonly SamplePerson[];
  /** When the commit was made; the mails come before it. */
  readonly time: number;
  readonly before: HmmModel;
  readonly after: HmmModel;
}

const P = {
  ada: { name: 'Ada Moreau', email: 'ada.moreau@example.org' },
  bao: { name: 'Bao Nguyen', email: 'bao.nguyen@example.org' },
  carla: { name: 'Carla Jensen', email: 'cjensen@example.org' },
  dmitri: { name: 'Dmitri Volkov', email: 'dvolkov@example.org' },
  eitan: { name: 'Eitan Levi', email: 'eitan@example.org' },
  fatima: { name: 'Fatima Haddad', email: 'fhaddad@example.org' },
  gustav: { name: 'Gustav Lind', email: 'glind@example.org' },
  morgan: { name: 'Morgan Hale', email: 'morgan@example-foundation.org' },
  rowan: { name: 'Rowan Keel', email: 'rowan@example-foundation.org' },
  greta: { name: 'Greta Kroh', email: 'greta@example-foundation.org' },
  hui: { name: 'Hui Zhang', email: 'hzhang@example.org' },
} as const;

/** The sample's people, for the messages written about its commits. */
export const SAMPLE_PEOPLE = P;

const RELEASES: readonly [string, string][] = [
  ['v4.14', '2017-11-12'],
  ['v4.15', '2018-01-28'],
  ['v4.16', '2018-04-01'],
  ['v4.17', '2018-06-03'],
  ['v4.18', '2018-08-12'],
  ['v4.19', '2018-10-22'],
  ['v4.20', '2018-12-23'],
  ['v5.0-rc1', '2019-01-06'],
  ['v5.0', '2019-03-03'],
  ['v5.1', '2019-05-05'],
  ['v5.2', '2019-07-07'],
  ['v5.3', '2019-09-15'],
  ['v5.4', '2019-11-24'],
  ['v5.5', '2020-01-26'],
  ['v5.6', '2020-03-29'],
  ['v5.7', '2020-05-31'],
  ['v5.8', '2020-08-02'],
  ['v5.9', '2020-10-11'],
  ['v5.10', '2020-12-13'],
  ['v5.11', '2021-02-14'],
  ['v5.12', '2021-04-25'],
  ['v5.13', '2021-06-27'],
  ['v5.14', '2021-08-29'],
  ['v5.15', '2021-10-31'],
  ['v5.16', '2022-01-09'],
  ['v5.17', '2022-03-20'],
  ['v5.18', '2022-05-22'],
  ['v5.19', '2022-07-31'],
  ['v6.0', '2022-10-02'],
  ['v6.1', '2022-12-11'],
  ['v6.2', '2023-02-19'],
  ['v6.3', '2023-04-23'],
  ['v6.4', '2023-06-25'],
  ['v6.5', '2023-08-27'],
  ['v6.6', '2023-10-30'],
  ['v6.7', '2024-01-07'],
  ['v6.8', '2024-03-10'],
  ['v6.9', '2024-05-12'],
];

type Op = (m: HmmModel) => HmmModel;

const fn = (name: string, signature: string, summary: string, exported: ExportMacro): SampleFunction => ({
  name,
  signature,
  summary,
  revision: 0,
  exported,
});
const add =
  (f: SampleFunction, after?: string): Op =>
  (m) => {
    const i = after ? m.functions.findIndex((x) => x.name === after) + 1 : m.functions.length;
    const list = [...m.functions];
    list.splice(i > 0 ? i : list.length, 0, f);
    return { ...m, functions: list };
  };
const revise =
  (name: string): Op =>
  (m) => ({ ...m, functions: m.functions.map((f) => (f.name === name ? { ...f, revision: f.revision + 1 } : f)) });
export const exportAs =
  (macro: ExportMacro, ...names: string[]): Op =>
  (m) => ({ ...m, functions: m.functions.map((f) => (names.includes(f.name) ? { ...f, exported: macro } : f)) });
const remove =
  (...names: string[]): Op =>
  (m) => ({ ...m, functions: m.functions.filter((f) => !names.includes(f.name)) });
const include =
  (header: string): Op =>
  (m) => ({ ...m, includes: [...m.includes, header] });
const years =
  (y: string): Op =>
  (m) => ({ ...m, copyrightYears: y });
const all =
  (...ops: Op[]): Op =>
  (m) =>
    ops.reduce((acc, op) => op(acc), m);

function time(date: string, hour = 10): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + hour * 3600;
}

function trailers(lines: (string | false | undefined)[]): string {
  return lines.filter((l): l is string => typeof l === 'string').join('\n');
}

function sob(p: SamplePerson): string {
  return `Signed-off-by: ${p.name} <${p.email}>`;
}

function tagged(p: SamplePerson, kind: 'Reviewed-by' | 'Acked-by' | 'Tested-by' | 'Reported-by' | 'Suggested-by' | 'Cc'): string {
  return `${kind}: ${p.name} <${p.email}>`;
}

interface HmmEvent {
  readonly date: string;
  readonly author: SamplePerson;
  readonly subject: string;
  readonly why: string;
  readonly op: Op;
  readonly reviewers?: readonly SamplePerson[];
  readonly acks?: readonly SamplePerson[];
  readonly fixes?: string; // key of an earlier event
  readonly stable?: boolean;
  readonly key?: string;
  readonly note?: string;
  readonly alsoFiles?: Readonly<Record<string, (old: string | undefined) => string>>;
}

const I0 = [
  'linux/pagemap.h',
  'linux/hmm.h',
  'linux/init.h',
  'linux/rmap.h',
  'linux/swap.h',
  'linux/slab.h',
  'linux/sched.h',
  'linux/mmzone.h',
  'linux/pagemap.h',
  'linux/swapops.h',
  'linux/hugetlb.h',
  'linux/memremap.h',
  'linux/jump_label.h',
];

const BASE: HmmModel = {
  copyrightYears: '2013',
  includes: [...new Set(I0)],
  functions: [
    fn(
      'hmm_mirror_register',
      'int hmm_mirror_register(struct hmm_mirror *mirror, struct mm_struct *mm)',
      'register a mirror against an mm',
      'EXPORT_SYMBOL',
    ),
    fn('hmm_mirror_unregister', 'void hmm_mirror_unregister(struct hmm_mirror *mirror)', 'unregister a mirror', 'EXPORT_SYMBOL'),
    fn(
      'hmm_vma_get_pfns',
      'int hmm_vma_get_pfns(struct hmm_range *range)',
      'snapshot CPU page table for a range of virtual addresses',
      'EXPORT_SYMBOL',
    ),
    fn(
      'hmm_vma_fault',
      'int hmm_vma_fault(struct hmm_range *range, bool block)',
      'try to fault some address in a virtual address range',
      'EXPORT_SYMBOL',
    ),
    fn(
      'hmm_devmem_add',
      'struct hmm_devmem *hmm_devmem_add(const struct hmm_devmem_ops *ops, struct device *device, unsigned long size)',
      'hotplug ZONE_DEVICE memory for device memory',
      'EXPORT_SYMBOL',
    ),
    fn('hmm_devmem_remove', 'void hmm_devmem_remove(struct hmm_devmem *devmem)', 'remove device memory previously added', 'EXPORT_SYMBOL'),
    fn(
      'hmm_device_new',
      'struct hmm_device *hmm_device_new(void *drvdata)',
      'create a valid fake device to hotplug device memory',
      'EXPORT_SYMBOL',
    ),
  ],
};

const EVENTS: readonly HmmEvent[] = [
  {
    date: '2017-09-08',
    author: P.ada,
    key: 'intro',
    subject: 'mm/hmm: heterogeneous memory management (HMM for short)',
    why: 'HMM provides infrastructure and helpers to integrate non-conventional memory (device memory like GPU on board memory) into regular kernel path, so that a device can mirror a process address space.',
    op: (m) => m,
    reviewers: [P.bao],
    acks: [P.carla],
  },
  {
    date: '2017-09-20',
    author: P.ada,
    subject: 'mm/hmm: fix build when CONFIG_HMM_MIRROR is not set',
    why: 'The mirror helpers must build out when the option is off.',
    op: revise('hmm_mirror_register'),
    fixes: 'intro',
  },
  {
    date: '2017-10-16',
    author: P.bao,
    subject: 'mm/hmm: constify hmm_devmem_page_get_drvdata() parameter',
    why: 'The helper does not modify the page.',
    op: revise('hmm_devmem_add'),
  },
  {
    date: '2017-12-05',
    author: P.dmitri,
    key: 'devmem-leak',
    subject: 'mm/hmm: fix leak of devmem resource on error path',
    why: 'hmm_devmem_add() leaked the resource when devm_add_action() failed.',
    op: revise('hmm_devmem_add'),
    reviewers: [P.ada],
  },
  {
    date: '2018-01-10',
    author: P.ada,
    subject: 'mm/hmm: do not differentiate between empty entry or missing directory',
    why: 'Both cases are handled the same way by callers.',
    op: revise('hmm_vma_get_pfns'),
  },
  {
    date: '2018-02-14',
    author: P.ada,
    key: 'devmem-res',
    subject: 'mm/hmm: add hmm_devmem_add_resource() for device with public memory',
    why: 'Devices whose memory is visible to the CPU register it through a resource.',
    op: add(
      fn(
        'hmm_devmem_add_resource',
        'struct hmm_devmem *hmm_devmem_add_resource(const struct hmm_devmem_ops *ops, struct device *device, struct resource *res)',
        'register device memory that the CPU can access',
        'EXPORT_SYMBOL',
      ),
      'hmm_devmem_add',
    ),
  },
  {
    date: '2018-03-22',
    author: P.bao,
    subject: 'mm/hmm: use struct for hmm_vma_fault(), hmm_vma_get_pfns() parameters',
    why: 'Group the many parameters into struct hmm_range.',
    op: all(revise('hmm_vma_fault'), revise('hmm_vma_get_pfns')),
  },
  {
    date: '2018-05-02',
    author: P.fatima,
    subject: 'mm/hmm: remove HMM_PFN_READ flag and ignore peculiar architecture',
    why: 'Every architecture that supports HMM can read a present page.',
    op: revise('hmm_vma_fault'),
    reviewers: [P.ada],
  },
  {
    date: '2018-07-09',
    author: P.dmitri,
    key: 'gpl-devmem',
    subject: 'mm/hmm: mark hmm_devmem_{add, add_resource} EXPORT_SYMBOL_GPL',
    why: 'The devmem API is built on devm_memremap_pages(), which is only exported to GPL modules; exporting a wrapper around it to any module would side-step that decision.',
    op: exportAs('EXPORT_SYMBOL_GPL', 'hmm_devmem_add', 'hmm_devmem_add_resource'),
    reviewers: [P.carla],
    acks: [P.eitan],
  },
  {
    date: '2018-08-30',
    author: P.ada,
    subject: 'mm/hmm: use a structure for update callback parameters',
    why: 'Prepare for passing more information to the sync callback.',
    op: revise('hmm_mirror_register'),
  },
  {
    date: '2018-10-05',
    author: P.gustav,
    key: 'invalidate',
    subject: 'mm/hmm: properly handle migration pmd',
    why: 'A pmd under migration must make the snapshot wait and retry.',
    op: revise('hmm_vma_get_pfns'),
    stable: true,
    reviewers: [P.ada],
  },
  {
    date: '2018-11-13',
    author: P.ada,
    subject: 'mm/hmm: improve driver API to work and wait over a range',
    why: 'Drivers need to know whether a range is still valid after they took their lock.',
    op: all(
      revise('hmm_vma_fault'),
      add(
        fn(
          'hmm_range_register',
          'int hmm_range_register(struct hmm_range *range, struct mm_struct *mm, unsigned long start, unsigned long end)',
          'start tracking change to CPU page table over a range',
          'EXPORT_SYMBOL',
        ),
        'hmm_mirror_unregister',
      ),
    ),
  },
  {
    date: '2018-12-03',
    author: P.dmitri,
    key: 'gpl-remove',
    subject: 'mm/hmm: hmm_devmem_remove is only needed by GPL drivers',
    why: 'Match the export of hmm_devmem_add(): a module that cannot add device memory has no use for removing it.',
    op: exportAs('EXPORT_SYMBOL_GPL', 'hmm_devmem_remove'),
    reviewers: [P.carla],
  },
  {
    date: '2019-01-15',
    author: P.eitan,
    key: 'revert-remove',
    subject: 'Revert "mm/hmm: hmm_devmem_remove is only needed by GPL drivers"',
    why: 'This broke an out-of-tree driver that only calls the remove path during teardown; the question of what HMM exports to whom belongs with the devm_memremap_pages() discussion, not in a piecemeal change.',
    op: exportAs('EXPORT_SYMBOL', 'hmm_devmem_remove'),
    acks: [P.ada],
  },
  {
    date: '2019-02-11',
    author: P.ada,
    subject: 'mm/hmm: add default fault flags to avoid the need to pre-fill pfns arrays',
    why: 'Drivers no longer have to pre-fill the pfns array before a fault.',
    op: revise('hmm_vma_fault'),
  },
  {
    date: '2019-04-02',
    author: P.carla,
    key: 'mirror-gpl',
    subject: 'mm/hmm: only allow GPL modules to register a mirror',
    why: 'Mirroring a process address space exposes core mm internals to the module; like the mmu notifier it is built on, restrict it to GPL-compatible modules.',
    op: exportAs('EXPORT_SYMBOL_GPL', 'hmm_mirror_register', 'hmm_mirror_unregister', 'hmm_range_register'),
    reviewers: [P.dmitri],
    acks: [P.morgan],
  },
  {
    date: '2019-05-20',
    author: P.dmitri,
    key: 'devmem-gone',
    subject: 'mm: remove the HMM devmem helpers in favour of devm_memremap_pages()',
    why: 'All users now call devm_memremap_pages() directly with a dev_pagemap of type MEMORY_DEVICE_PRIVATE; the wrappers have no callers left.',
    op: remove('hmm_devmem_add', 'hmm_devmem_add_resource', 'hmm_devmem_remove', 'hmm_device_new'),
    reviewers: [P.ada, P.carla],
  },
  {
    date: '2019-06-11',
    author: P.carla,
    key: 'range-fault',
    subject: 'mm/hmm: replace hmm_vma_fault() with hmm_range_fault()',
    why: 'The range based API is the only one drivers should use; the vma flavour is gone.',
    op: all(
      remove('hmm_vma_fault'),
      add(
        fn(
          'hmm_range_fault',
          'long hmm_range_fault(struct hmm_range *range)',
          'try to fault some address in a virtual address range',
          'EXPORT_SYMBOL',
        ),
      ),
    ),
  },
  {
    date: '2019-07-24',
    author: P.carla,
    key: 'range-fault-gpl',
    subject: 'mm/hmm: export hmm_range_fault() to GPL modules only',
    why: 'Every other entry point of the mirror API is already GPL only; the odd one out was an oversight.',
    op: exportAs('EXPORT_SYMBOL_GPL', 'hmm_range_fault'),
    reviewers: [P.ada],
  },
  {
    date: '2019-08-06',
    author: P.bao,
    key: 'snapshot-gone',
    subject: 'mm/hmm: remove hmm_vma_get_pfns()',
    why: 'hmm_range_fault() with no fault flags does the same thing.',
    op: remove('hmm_vma_get_pfns'),
  },
  {
    date: '2019-10-08',
    author: P.gustav,
    key: 'lock-fix',
    subject: 'mm/hmm: fix a race between invalidation and range fault',
    why: 'The notifier sequence must be read before the walk, not after.',
    op: revise('hmm_range_fault'),
    fixes: 'range-fault',
    stable: true,
    reviewers: [P.carla],
  },
  {
    date: '2019-12-18',
    author: P.carla,
    key: 'mirror-gone',
    subject: 'mm/hmm: remove hmm_mirror and use mmu_interval_notifier',
    why: 'Drivers register an interval notifier for the range they mirror; the mirror object and its registration go away.',
    op: all(remove('hmm_mirror_register', 'hmm_mirror_unregister', 'hmm_range_register'), include('linux/mmu_notifier.h')),
    reviewers: [P.ada, P.fatima],
  },
  {
    date: '2020-02-20',
    author: P.fatima,
    subject: 'mm/hmm: return the fault type from hmm_pte_need_fault()',
    why: 'Callers only need to know which kind of fault is required.',
    op: revise('hmm_range_fault'),
  },
  {
    date: '2020-04-21',
    author: P.gustav,
    key: 'pmd-fix',
    subject: 'mm/hmm: check the device private page owner in hmm_range_fault()',
    why: 'Device private pages of another device must be faulted back to system memory.',
    op: revise('hmm_range_fault'),
    stable: true,
    reviewers: [P.carla],
    fixes: 'range-fault',
  },
  {
    date: '2020-07-01',
    author: P.hui,
    subject: 'mm/hmm: provide the page mapping order in hmm_range_fault()',
    why: 'Drivers can map huge pages when the CPU does.',
    op: revise('hmm_range_fault'),
  },
  {
    date: '2020-09-14',
    author: P.bao,
    subject: 'mm/hmm: drop unused includes',
    why: 'Nothing in the file uses them any more.',
    op: (m) => ({ ...m, includes: m.includes.filter((i) => i !== 'linux/init.h' && i !== 'linux/slab.h') }),
  },
  {
    date: '2021-03-02',
    author: P.fatima,
    key: 'swap-fix',
    subject: 'mm/hmm: fault non-owner device private entries',
    why: 'A device private swap entry owned by someone else must be faulted.',
    op: revise('hmm_range_fault'),
    stable: true,
    reviewers: [P.gustav],
  },
  {
    date: '2021-09-07',
    author: P.hui,
    subject: 'mm/hmm: add a helper to test the range of a pfn array',
    why: 'Factor out a check both drivers open-code.',
    op: add(
      fn(
        'hmm_range_valid',
        'bool hmm_range_valid(struct hmm_range *range)',
        'tell whether a range is still valid after a fault',
        'EXPORT_SYMBOL_GPL',
      ),
    ),
  },
  {
    date: '2022-03-08',
    author: P.gustav,
    subject: 'mm/hmm: remove the now unused hmm_range_valid()',
    why: 'Its only user went away with the driver rework.',
    op: remove('hmm_range_valid'),
  },
  {
    date: '2022-08-16',
    author: P.carla,
    subject: 'mm/hmm: update the copyright notice',
    why: 'Years and owner changed.',
    op: years('2013-2022'),
  },
  {
    date: '2023-03-14',
    author: P.hui,
    key: 'mmap-lock',
    subject: 'mm/hmm: assert the mmap lock is held in hmm_range_fault()',
    why: 'Catch callers that forgot to take the lock.',
    op: revise('hmm_range_fault'),
    stable: true,
    reviewers: [P.fatima],
  },
  {
    date: '2024-02-06',
    author: P.fatima,
    subject: 'mm/hmm: simplify the pfn fill loop',
    why: 'A single loop is enough.',
    op: revise('hmm_range_fault'),
  },
];

const DOC_TXT = (extra: string) =>
  [
    'Heterogeneous Memory Management (HMM)',
    '',
    'Provide infrastructure and helpers to integrate non-conventional memory',
    '(device memory like GPU on board memory) into regular kernel path.',
    '',
    '1) Mirroring a process address space',
    '2) Device memory',
    extra,
    '',
  ].join('\n');

function makefile(version: string): string {
  const m = /^v(\d+)\.(\d+)(?:-rc(\d+))?$/.exec(version);
  return [
    '# SPDX-License-Identifier: GPL-2.0',
    `VERSION = ${m?.[1] ?? 4}`,
    `PATCHLEVEL = ${m?.[2] ?? 13}`,
    'SUBLEVEL = 0',
    `EXTRAVERSION = ${m?.[3] ? `-rc${m[3]}` : ''}`,
    'NAME = Sample Kernel',
    '',
  ].join('\n');
}

function hmmHeader(model: HmmModel): string {
  return [
    '/* SPDX-License-Identifier: GPL-2.0-or-later */',
    '#ifndef LINUX_HMM_H',
    '#define LINUX_HMM_H',
    '',
    ...model.functions.map((f) => `${f.signature};`),
    '',
    '#endif /* LINUX_HMM_H */',
    '',
  ].join('\n');
}

function nouveauSvm(rev: number): string {
  const lines = [
    '// SPDX-License-Identifier: MIT',
    '#include <linux/hmm.h>',
    '',
    'static int nouveau_svm_fault(struct nouveau_svm *svm)',
    '{',
  ];
  for (let i = 0; i <= rev; i++) lines.push(`\tret = nouveau_range_fault(svm, ${i});`);
  lines.push('\treturn ret;', '}', '');
  return lines.join('\n');
}

function testHmm(rev: number): string {
  const lines = [
    '// SPDX-License-Identifier: GPL-2.0',
    '/* A driver to exercise the HMM mirror API from user space tests. */',
    '#include <linux/hmm.h>',
    '',
  ];
  for (let i = 0; i <= rev; i++) lines.push(`static int dmirror_case_${i}(struct dmirror *dmirror) { return 0; }`);
  return `${lines.join('\n')}\n`;
}

/** Writes the sample through the sink, oldest commit first. */
export async function writeSampleStory(sink: SampleSink): Promise<{ head: string; commits: number }> {
  let model: HmmModel = BASE;
  const files = new Map<string, string>();
  files.set('Makefile', makefile('v4.13'));
  files.set(
    'MAINTAINERS',
    'HMM - HETEROGENEOUS MEMORY MANAGEMENT\nM:\tAda Moreau <ada.moreau@example.org>\nL:\tlinux-mm@kvack.org\nS:\tMaintained\nF:\tmm/hmm*\nF:\tinclude/linux/hmm*\n',
  );
  files.set('mm/Kconfig', 'config HMM_MIRROR\n\tbool "HMM mirror CPU page table into a device page table"\n');
  files.set('mm/Makefile', 'obj-$(CONFIG_MMU) += memory.o mmap.o\n');
  files.set('Documentation/vm/hmm.txt', DOC_TXT(''));
  files.set('drivers/gpu/drm/nouveau/nouveau_svm.c', nouveauSvm(0));
  files.set('include/linux/mm.h', '/* SPDX-License-Identifier: GPL-2.0 */\n#ifndef _LINUX_MM_H\n#define _LINUX_MM_H\n#endif\n');

  let head = '';
  let count = 0;
  const keyed = new Map<string, { oid: string; subject: string }>();
  const stableQueue: { oid: string; subject: string; event: HmmEvent; model: HmmModel }[] = [];
  const commit = async (
    spec: Omit<SampleCommitSpec, 'files' | 'branch' | 'parents' | 'tz'> & {
      parents?: string[];
      branch?: string;
      tz?: number;
      files?: Map<string, string>;
    },
  ): Promise<string> => {
    const oid = await sink.commit({
      branch: spec.branch ?? 'master',
      parents: spec.parents ?? (head ? [head] : []),
      author: spec.author,
      committer: spec.committer,
      time: spec.time,
      tz: spec.tz ?? 0,
      message: spec.message,
      files: new Map(spec.files ?? files),
    });
    count++;
    return oid;
  };

  // history before the file: the tree the file is added to
  head = await commit({ author: P.rowan, committer: P.rowan, time: time('2017-06-01'), message: 'Import the sample kernel tree\n' });
  let nouveauRev = 0;
  let testRev = -1;
  let fillerDay = 0;
  let release = 0;
  let stableBranchHead: string | null = null;

  const filler = async (before: number): Promise<void> => {
    // routine work in other files, a few per release cycle
    const day = time('2017-06-05') + fillerDay * 86400 * 27;
    if (day >= before) return;
    fillerDay++;
    const kind = fillerDay % 4;
    if (kind === 0) {
      nouveauRev++;
      files.set('drivers/gpu/drm/nouveau/nouveau_svm.c', nouveauSvm(nouveauRev));
      head = await commit({
        author: P.hui,
        committer: P.rowan,
        time: day,
        message: `drm/nouveau/svm: handle fault batch ${nouveauRev}\n\n${sob(P.hui)}\n`,
      });
    } else if (kind === 1) {
      files.set('include/linux/hmm.h', hmmHeader(model));
      head = await commit({
        author: P.bao,
        committer: P.morgan,
        time: day,
        message: `include/linux/hmm.h: keep prototypes in sync (${fillerDay})\n\n${sob(P.bao)}\n${sob(P.morgan)}\n`,
      });
    } else if (kind === 2 && day > time('2020-01-01')) {
      testRev++;
      files.set('lib/test_hmm.c', testHmm(testRev));
      head = await commit({
        author: P.fatima,
        committer: P.morgan,
        time: day,
        message: `lib/test_hmm: add test case ${testRev}\n\n${sob(P.fatima)}\n${sob(P.morgan)}\n`,
      });
    } else {
      files.set('mm/Makefile', `${files.get('mm/Makefile')}# build note ${fillerDay}\n`);
      head = await commit({
        author: P.gustav,
        committer: P.morgan,
        time: day,
        message: `mm: tidy up the Makefile (${fillerDay})\n\n${sob(P.gustav)}\n${sob(P.morgan)}\n`,
      });
    }
  };

  const releaseUntil = async (t: number): Promise<void> => {
    while (release < RELEASES.length && time(RELEASES[release]![1], 18) < t) {
      const [name, date] = RELEASES[release]!;
      while (time('2017-06-05') + fillerDay * 86400 * 27 < time(date, 12)) await filler(time(date, 12));
      files.set('Makefile', makefile(name));
      head = await commit({ author: P.rowan, committer: P.rowan, time: time(date, 18), tz: -420, message: `Linux ${name.slice(1)}\n` });
      await sink.tag(name, head, P.rowan, time(date, 18) + 60, `Linux ${name.slice(1)}\n`);
      if (name === 'v5.4') {
        stableBranchHead = head;
        await sink.branch('linux-5.4.y', head);
      }
      release++;
    }
  };

  let msgNo = 0;
  for (const [i, ev] of EVENTS.entries()) {
    const t = time(ev.date, 9 + (i % 7));
    await releaseUntil(t);
    while (time('2017-06-05') + fillerDay * 86400 * 27 < t - 86400) await filler(t - 86400);
    const before = model;
    model = ev.op(model);
    if (ev.key === 'intro' || i === 5) files.set('include/linux/hmm.h', hmmHeader(model));
    files.set('mm/hmm.c', renderHmm(model));
    if (ev.key === 'intro') files.set('mm/Makefile', `${files.get('mm/Makefile')}obj-$(CONFIG_HMM_MIRROR) += hmm.o\n`);
    const fixed = ev.fixes ? keyed.get(ev.fixes) : undefined;
    const msgId = `${ev.date.replace(/-/g, '')}${String(++msgNo).padStart(3, '0')}.hmm-sample@example.org`;
    sink.patch?.({
      ...(ev.key ? { key: ev.key } : {}),
      msgId,
      subject: ev.subject,
      why: ev.why,
      author: ev.author,
      reviewers: ev.reviewers ?? [],
      acks: ev.acks ?? [],
      time: t,
      before,
      after: model,
    });
    let own: string; // the event's own commit (a merge follows it on two cycles)
    const lines = [
      ev.subject,
      '',
      ev.why,
      '',
      trailers([
        fixed && `Fixes: ${fixed.oid.slice(0, 12)} ("${fixed.subject}")`,
        `Link: https://lore.kernel.org/r/${msgId}`,
        ...(ev.stable ? ['Cc: <stable@vger.kernel.org>'] : []),
        sob(ev.author),
        ...(ev.reviewers ?? []).map((p) => tagged(p, 'Reviewed-by')),
        ...(ev.acks ?? []).map((p) => tagged(p, 'Acked-by')),
        ...(i % 5 === 3 ? [`[${P.morgan.email.split('@')[0]}: fix typo in comment]`] : []),
        sob(P.morgan),
      ]),
      '',
    ];
    // Two cycles went through a maintainer branch merged back, with the file changed on both sides.
    if (ev.key === 'gpl-devmem' || ev.key === 'pmd-fix') {
      const fork = head;
      const topicTime = t;
      const sideModel = revise(before.functions[0]!.name)(before);
      const sideFiles = new Map(files);
      sideFiles.set('mm/hmm.c', renderHmm(sideModel));
      const sideFix = await commit({
        branch: 'hmm-fixes',
        parents: [fork],
        author: P.bao,
        committer: P.ada,
        time: topicTime - 3600,
        message: `mm/hmm: tighten the ${before.functions[0]!.name}() checks\n\nSpotted while reviewing the locking.\n\n${sob(P.bao)}\n${sob(P.ada)}\n`,
        files: sideFiles,
      });
      head = await commit({ author: ev.author, committer: P.morgan, time: t, message: lines.join('\n') });
      own = head;
      if (ev.key) keyed.set(ev.key, { oid: head, subject: ev.subject });
      model = revise(before.functions[0]!.name)(model);
      files.set('mm/hmm.c', renderHmm(model));
      head = await commit({
        parents: [head, sideFix],
        author: P.rowan,
        committer: P.rowan,
        time: t + 7200,
        message: `Merge branch 'hmm-fixes' of git://git.example.org/pub/scm/hmm\n\nPull HMM fixes:\n - tighten the argument checks\n`,
      });
    } else {
      head = await commit({ author: ev.author, committer: P.morgan, time: t, message: lines.join('\n') });
      own = head;
      if (ev.key) keyed.set(ev.key, { oid: head, subject: ev.subject });
    }
    if (ev.date === '2018-03-22') {
      files.delete('Documentation/vm/hmm.txt');
      files.set('Documentation/vm/hmm.rst', `.. _hmm:\n\n${DOC_TXT('')}`);
      head = await commit({
        author: P.eitan,
        committer: P.morgan,
        time: t + 3600,
        message: `Documentation/vm: convert hmm.txt to reStructuredText\n\n${sob(P.eitan)}\n${sob(P.morgan)}\n`,
      });
    }
    // a stable backport names the patch's own commit, not the merge that brought it in
    if (ev.stable) stableQueue.push({ oid: own, subject: ev.subject, event: ev, model });
  }
  await releaseUntil(time('2024-06-01'));
  const mainHead = head;

  // linux-5.4.y: backports of the fixes tagged for stable after 5.4, each citing its upstream commit
  if (stableBranchHead) {
    let stableHead: string = stableBranchHead;
    const stableFiles = new Map(files);
    let stableModel = BASE;
    // the 5.4 tree's own hmm.c
    for (const ev of EVENTS) {
      if (time(ev.date) > time('2019-11-24')) break;
      stableModel = ev.op(stableModel);
    }
    let n = 0;
    for (const s of stableQueue) {
      if (time(s.event.date) <= time('2019-11-24')) continue;
      n++;
      stableModel = revise('hmm_range_fault')(stableModel);
      stableFiles.set('mm/hmm.c', renderHmm(stableModel));
      stableFiles.set('Makefile', makefile('v5.4').replace('SUBLEVEL = 0', `SUBLEVEL = ${n * 17}`));
      const msg = `${s.subject}\n\ncommit ${s.oid} upstream.\n\n${s.event.why}\n\n${sob(s.event.author)}\n${sob(P.greta)}\n`;
      stableHead = await sink.commit({
        branch: 'linux-5.4.y',
        parents: [stableHead],
        author: s.event.author,
        committer: P.greta,
        time: time(s.event.date) + 86400 * 12,
        tz: 60,
        message: msg,
        files: new Map(stableFiles),
      });
      count++;
    }
    await sink.branch('linux-5.4.y', stableHead);
  }
  return { head: mainHead, commits: count };
}
