import crypto from 'node:crypto';
import { unifiedDiff } from '../diff/unifiedDiff';
import { renderHmm } from './hmmSource';
import { exportAs, SAMPLE_PEOPLE as P, type SamplePatch, type SamplePerson, writeSampleStory } from './sampleStory';

/**
 * The sample's mailing-list archive: the review of every mm/hmm.c change of the sample, written for Strata
 * (people, addresses and words are invented, in the sample's own style). The HMM export story is told in
 * full: the GPL-only devmem exports as a series v1 → v3 with cover letters, a NAK on v1 and the tags the
 * applied version carries; the follow-up on hmm_devmem_remove and its revert, argued; the mirror API going
 * GPL-only over two versions; hmm_range_fault() following it. Each commit's Link: names the applied patch.
 * Written as an mboxrd file, which Strata reads without public-inbox.
 */
interface Mail {
  readonly id: string;
  readonly from: SamplePerson;
  readonly time: number;
  readonly subject: string;
  readonly parent?: Mail;
  readonly body: string;
}

const DAY = 86400;
const LIST = 'linux-mm@kvack.org';

const sob = (p: SamplePerson) => `Signed-off-by: ${p.name} <${p.email}>`;
const tag = (t: string, p: SamplePerson) => `${t}: ${p.name} <${p.email}>`;
const first = (p: SamplePerson) => p.name.split(' ')[0]!;
const quote = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
const refsOf = (m: Mail | undefined): string[] => (m ? [...refsOf(m.parent), m.id] : []);

function diffOf(before: string, after: string): string {
  const d = unifiedDiff('mm/hmm.c', 'mm/hmm.c', before, after);
  const added = d.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
  const removed = d.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
  const blob = (t: string) =>
    crypto
      .createHash('sha1')
      .update(`blob ${Buffer.byteLength(t)}\0${t}`)
      .digest('hex')
      .slice(0, 12);
  return (
    ` mm/hmm.c | ${added + removed} ${'+'.repeat(Math.min(added, 30))}${'-'.repeat(Math.min(removed, 30))}\n` +
    ` 1 file changed, ${added} insertion${added === 1 ? '' : 's'}(+), ${removed} deletion${removed === 1 ? '' : 's'}(-)\n\n` +
    `diff --git a/mm/hmm.c b/mm/hmm.c\nindex ${blob(before)}..${blob(after)} 100644\n${d}`
  );
}

function patchMail(o: {
  id: string;
  from: SamplePerson;
  time: number;
  subject: string;
  why: string;
  diff: string;
  parent?: Mail;
  notes?: string;
}): Mail {
  return {
    id: o.id,
    from: o.from,
    time: o.time,
    subject: o.subject,
    ...(o.parent ? { parent: o.parent } : {}),
    body: `${o.why}\n\n${sob(o.from)}\n---\n${o.notes ? `${o.notes}\n\n` : ''}${o.diff}-- \n2.17.1\n`,
  };
}

function replyTo(to: Mail, o: { id: string; from: SamplePerson; time: number; text: string; quoteLines?: string }): Mail {
  const quoted = o.quoteLines ?? to.body.split('\n---\n')[0]!.split('\n\n')[0]!;
  return {
    id: o.id,
    from: o.from,
    time: o.time,
    subject: `Re: ${to.subject.replace(/^Re: /, '')}`,
    parent: to,
    body: `On ${new Date(to.time * 1000).toUTCString().replace(' GMT', '')}, ${to.from.name} wrote:\n${quote(quoted)}\n\n${o.text.trim()}\n`,
  };
}

/** The thread of one change: the patch (or a series of versions) and its review. */
function threadOf(p: SamplePatch): Mail[] {
  const hmm = (m: typeof p.before) => renderHmm(m);
  const final = diffOf(hmm(p.before), hmm(p.after));
  const id = (suffix: string) => p.msgId.replace('.hmm-sample@', `.${suffix}.hmm-sample@`);
  const t = p.time;
  const out: Mail[] = [];
  const push = (m: Mail) => {
    out.push(m);
    return m;
  };

  if (p.key === 'gpl-devmem') {
    const topic = 'mm/hmm: GPL-only exports for the device memory API';
    const v1Diff = diffOf(hmm(p.before), hmm(exportAs('EXPORT_SYMBOL_GPL', 'hmm_devmem_add')(p.before)));
    const c1 = push({
      id: id('v1-0'),
      from: P.dmitri,
      time: t - 40 * DAY,
      subject: `[PATCH 0/1] ${topic}`,
      body:
        `hmm_devmem_add() hands a module a dev_pagemap set up by devm_memremap_pages(),\n` +
        `and devm_memremap_pages() is EXPORT_SYMBOL_GPL. A wrapper exported with plain\n` +
        `EXPORT_SYMBOL lets any module reach what the core deliberately keeps for GPL\n` +
        `modules. This marks the wrapper _GPL as well.\n\nDmitri Volkov (1):\n  mm/hmm: mark hmm_devmem_add EXPORT_SYMBOL_GPL\n\n mm/hmm.c | 2 +-\n\n-- \n2.17.1\n`,
    });
    const v1 = push(
      patchMail({
        id: id('v1-1'),
        from: P.dmitri,
        time: t - 40 * DAY + 60,
        subject: '[PATCH 1/1] mm/hmm: mark hmm_devmem_add EXPORT_SYMBOL_GPL',
        why: 'hmm_devmem_add() is a thin wrapper around devm_memremap_pages(), which is only exported to GPL modules.',
        diff: v1Diff,
        parent: c1,
      }),
    );
    const nak = push(
      replyTo(v1, {
        id: id('v1-nak'),
        from: P.eitan,
        time: t - 39 * DAY,
        text:
          `This is an ABI change for every driver that calls hmm_devmem_add() today, and\n` +
          `the changelog does not say who asked for it or what it protects. HMM was\n` +
          `merged with these exports on purpose, after a long discussion.\n\n` +
          `NAK until that discussion is had on the list, not in a one-line patch.\n\n${tag('Nacked-by', P.eitan)}\n`,
      }),
    );
    push(
      replyTo(nak, {
        id: id('v1-nak-re'),
        from: P.dmitri,
        time: t - 38 * DAY,
        quoteLines: 'NAK until that discussion is had on the list, not in a one-line patch.',
        text:
          `Then let us have it here. The question is not whether HMM is useful to\n` +
          `proprietary drivers, it is whether a wrapper may export what the function it\n` +
          `wraps does not. devm_memremap_pages() has been _GPL since it was added; the\n` +
          `wrapper silently relaxes that.\n`,
      }),
    );
    push(
      replyTo(v1, {
        id: id('v1-ada'),
        from: P.ada,
        time: t - 37 * DAY,
        quoteLines: 'hmm_devmem_add() is a thin wrapper around devm_memremap_pages(), which is only exported to GPL modules.',
        text:
          `If we do this, hmm_devmem_add_resource() has to follow: it takes the same\n` +
          `path into devm_memremap_pages() and would otherwise be the back door.\n\n` +
          `I am not going to ack half of it.\n`,
      }),
    );
    const c2 = push({
      id: id('v2-0'),
      from: P.dmitri,
      time: t - 25 * DAY,
      subject: `[PATCH v2 0/1] ${topic}`,
      body:
        `Both entry points into devm_memremap_pages() are now _GPL.\n\n` +
        `Changes since v1:\n - also mark hmm_devmem_add_resource() (Ada)\n - explain where the _GPL comes from\n\n-- \n2.17.1\n`,
    });
    const v2 = push(
      patchMail({
        id: id('v2-1'),
        from: P.dmitri,
        time: t - 25 * DAY + 60,
        subject: `[PATCH v2 1/1] ${p.subject}`,
        why: 'Both wrappers end in devm_memremap_pages(), which is EXPORT_SYMBOL_GPL.',
        diff: final,
        parent: c2,
      }),
    );
    push(
      replyTo(v2, {
        id: id('v2-carla'),
        from: P.carla,
        time: t - 24 * DAY,
        text:
          `The code is fine, but the changelog still reads like a decision without a\n` +
          `reason. Say in the commit what Eitan asked: which symbol the _GPL comes from,\n` +
          `and that no in-tree user is affected. Then you can have my Reviewed-by.\n`,
      }),
    );
    push(
      replyTo(c2, {
        id: id('v2-eitan'),
        from: P.eitan,
        time: t - 23 * DAY,
        quoteLines: 'Both entry points into devm_memremap_pages() are now _GPL.',
        text:
          `I still think the exports should have been settled when HMM was merged, but\n` +
          `I cannot argue that a wrapper may be looser than what it wraps. With the\n` +
          `changelog Carla asked for I will drop my NAK.\n`,
      }),
    );
    const c3 = push({
      id: id('v3-0'),
      from: P.dmitri,
      time: t - 12 * DAY,
      subject: `[PATCH v3 0/1] ${topic}`,
      body:
        `Changes since v2:\n - the changelog says where the _GPL comes from and that no in-tree\n` +
        `   user changes (Carla, Eitan)\n\nv1: https://lore.kernel.org/r/${id('v1-0')}\n` +
        `v2: https://lore.kernel.org/r/${id('v2-0')}\n\n-- \n2.17.1\n`,
    });
    const v3 = push(
      patchMail({
        id: p.msgId,
        from: P.dmitri,
        time: t - 12 * DAY + 60,
        subject: `[PATCH v3 1/1] ${p.subject}`,
        why: p.why,
        diff: final,
        parent: c3,
      }),
    );
    push(
      replyTo(v3, {
        id: id('v3-carla'),
        from: P.carla,
        time: t - 11 * DAY,
        text: `Thanks, that is the changelog I wanted.\n\n${tag('Reviewed-by', P.carla)}\n`,
      }),
    );
    push(
      replyTo(c3, {
        id: id('v3-eitan'),
        from: P.eitan,
        time: t - 10 * DAY,
        quoteLines: 'Changes since v2:',
        text: `NAK withdrawn.\n\n${tag('Acked-by', P.eitan)}\n`,
      }),
    );
    return out;
  }

  if (p.key === 'mirror-gpl') {
    const topic = 'mm/hmm: the mirror API is for GPL modules';
    const v1Diff = diffOf(hmm(p.before), hmm(exportAs('EXPORT_SYMBOL_GPL', 'hmm_mirror_register', 'hmm_mirror_unregister')(p.before)));
    const c1 = push({
      id: id('v1-0'),
      from: P.carla,
      time: t - 30 * DAY,
      subject: `[PATCH 0/1] ${topic}`,
      body:
        `A mirror sees every change to a process address space through the mmu\n` +
        `notifier, which is EXPORT_SYMBOL_GPL. Registering one should be too.\n\n-- \n2.17.1\n`,
    });
    const v1 = push(
      patchMail({
        id: id('v1-1'),
        from: P.carla,
        time: t - 30 * DAY + 60,
        subject: `[PATCH 1/1] mm/hmm: only allow GPL modules to register a mirror`,
        why: 'Registering a mirror is registering an mmu notifier by another name.',
        diff: v1Diff,
        parent: c1,
      }),
    );
    const nak = push(
      replyTo(v1, {
        id: id('v1-nak'),
        from: P.gustav,
        time: t - 29 * DAY,
        text:
          `NAK. We told driver writers in 2017 that the mirror API is the stable way\n` +
          `to follow a process address space; changing who may call it in an -rc is\n` +
          `not how we treat users.\n\n${tag('Nacked-by', P.gustav)}\n`,
      }),
    );
    push(
      replyTo(nak, {
        id: id('v1-nak-morgan'),
        from: P.morgan,
        time: t - 28 * DAY,
        quoteLines: 'changing who may call it in an -rc is\nnot how we treat users.',
        text:
          `This is for the merge window, not an -rc. And the in-kernel users are all\n` +
          `GPL. Carla, please also cover hmm_range_register(): a driver cannot use the\n` +
          `mirror without it, so leaving it open exports the same thing by another door.\n`,
      }),
    );
    const c2 = push({
      id: id('v2-0'),
      from: P.carla,
      time: t - 14 * DAY,
      subject: `[PATCH v2 0/1] ${topic}`,
      body: `Changes since v1:\n - hmm_range_register() too (Morgan)\n - aimed at the merge window\n\n-- \n2.17.1\n`,
    });
    const v2 = push(
      patchMail({
        id: p.msgId,
        from: P.carla,
        time: t - 14 * DAY + 60,
        subject: `[PATCH v2 1/1] ${p.subject}`,
        why: p.why,
        diff: final,
        parent: c2,
      }),
    );
    push(replyTo(v2, { id: id('v2-dmitri'), from: P.dmitri, time: t - 13 * DAY, text: `${tag('Reviewed-by', P.dmitri)}\n` }));
    push(
      replyTo(c2, {
        id: id('v2-morgan'),
        from: P.morgan,
        time: t - 12 * DAY,
        quoteLines: 'Changes since v1:',
        text: `Gustav, I am taking this over your NAK: nothing in the tree breaks.\n\n${tag('Acked-by', P.morgan)}\n`,
      }),
    );
    return out;
  }

  // one patch, its review
  const patch = push(
    patchMail({ id: p.msgId, from: p.author, time: t - 9 * DAY, subject: `[PATCH] ${p.subject}`, why: p.why, diff: final }),
  );
  let day = 8;
  if (p.key === 'gpl-remove')
    push(
      replyTo(patch, {
        id: id('hui'),
        from: P.hui,
        time: t - day-- * DAY,
        text:
          `A driver that cannot call hmm_devmem_add() does not call remove either, but\n` +
          `one that got its device memory some other way does, during teardown. Are we\n` +
          `sure nobody is in that position?\n`,
      }),
    );
  if (p.key === 'revert-remove')
    push(
      replyTo(patch, {
        id: id('dmitri'),
        from: P.dmitri,
        time: t - day-- * DAY,
        text:
          `I would rather fix the driver than the export, but I agree the place to\n` +
          `decide what HMM exports is the devm_memremap_pages() discussion.\n`,
      }),
    );
  for (const r of p.reviewers)
    push(
      replyTo(patch, {
        id: id(`rb-${first(r).toLowerCase()}`),
        from: r,
        time: t - day-- * DAY,
        text: `Looks good to me.\n\n${tag('Reviewed-by', r)}\n`,
      }),
    );
  for (const a of p.acks)
    push(replyTo(patch, { id: id(`ack-${first(a).toLowerCase()}`), from: a, time: t - day-- * DAY, text: `${tag('Acked-by', a)}\n` }));
  return out;
}

function rfc2822(time: number): string {
  const d = new Date(time * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

function render(m: Mail): string {
  const refs = refsOf(m.parent);
  const h = [
    `From: ${m.from.name} <${m.from.email}>`,
    `To: ${LIST}`,
    `Subject: ${m.subject}`,
    `Date: ${rfc2822(m.time)}`,
    `Message-ID: <${m.id}>`,
    ...(m.parent ? [`In-Reply-To: <${m.parent.id}>`, `References: ${refs.map((r) => `<${r}>`).join('\n ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  // mboxrd: a body line starting with "From " (after any '>') gains one more '>'
  return `From mboxrd@z Thu Jan  1 00:00:00 1970\n${h.join('\n')}\n\n${m.body.replace(/^(>*From )/gm, '>$1')}\n`;
}

/** The sample archive as an mboxrd file's text, oldest message first. Deterministic. */
export async function sampleArchiveMbox(): Promise<string> {
  const patches: SamplePatch[] = [];
  let n = 0;
  await writeSampleStory({
    commit: async () => crypto.createHash('sha1').update(String(++n)).digest('hex'),
    tag: async () => undefined,
    branch: async () => undefined,
    patch: (p) => patches.push(p),
  });
  const mails = patches.flatMap(threadOf).sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1));
  return mails.map(render).join('');
}
