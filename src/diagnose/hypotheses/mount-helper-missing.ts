/**
 * mount-helper-missing: a filesystem tool the mount needs (`/sbin/mount.<type>`, `mkfs.*`, `fsck.*`) is
 * missing where the mount runs: on the host for in-tree volumes, in the node-plugin image for CSI.
 * Separated from initiator-missing by which program the failing step runs (missing-executables.ts).
 */
import { eventEvidence, gap, inference } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { missingPrograms, structureGaps, type MissingProgram } from './missing-executables.ts';
import { summaryStep } from '../chain.ts';

interface Judged {
  program: MissingProgram;
  verdict: Assessment['verdict'];
  score: number;
}

function judge(p: MissingProgram): Judged {
  const fact = p.item.fact;
  if (fact.role === 'iscsi-initiator' || p.iscsiadm === 'only') return { program: p, verdict: 'ruled-out', score: 0 };
  if (fact.binary !== undefined) {
    // "bad option; … might need a /sbin/mount.<type> helper" is also what a wrong mount option prints: never confirmed from it alone.
    return fact.ambiguous ? { program: p, verdict: 'likely', score: 0.65 } : { program: p, verdict: 'confirmed', score: 0.9 };
  }
  // Unnamed: the step runs mkfs/fsck/mount helpers, possibly alongside iscsiadm.
  return p.iscsiadm === 'maybe' ? { program: p, verdict: 'possible', score: 0.4 } : { program: p, verdict: 'likely', score: 0.7 };
}

function helperName(p: MissingProgram): string {
  const fact = p.item.fact;
  if (fact.binary !== undefined) return fact.binary;
  if (p.path?.protocol === 'nfs') return 'mount.nfs';
  return 'a filesystem helper (mkfs.*, fsck.* or mount.<type>)';
}

function where(ctx: PodContext, p: MissingProgram): string {
  return p.inPluginImage ? `the node-plugin image of ${p.path?.driver ?? 'the CSI driver'}` : `the host of ${ctx.node ?? 'the node'} (in-tree volumes run the host's programs)`;
}

function assess(ctx: PodContext): Assessment | undefined {
  const programs = missingPrograms(ctx);
  if (programs.length === 0) return undefined;
  const now = ctx.model.now;
  const judged = programs.map(judge);
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  for (const j of judged) {
    const ev = eventEvidence(j.program.item.event, now);
    if (j.verdict === 'ruled-out') evidenceAgainst.push(ev, inference(`The missing program is the iSCSI initiator, not a filesystem helper: ${j.program.why}`));
    else {
      evidenceFor.push(ev, inference(`Missing: ${helperName(j.program)}${j.program.item.fact.binary === undefined ? ` (${j.program.why})` : ''}, looked up in ${where(ctx, j.program)}`));
      if (j.program.item.fact.ambiguous) evidenceAgainst.push(inference('util-linux prints the same "bad option … helper program" text for a mount option the filesystem rejects: check the PV\'s mountOptions too'));
    }
  }
  for (const g of structureGaps(ctx, programs)) evidenceAgainst.push(gap(g));
  const order: Assessment['verdict'][] = ['confirmed', 'likely', 'possible', 'ruled-out'];
  const best = [...judged].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict) || b.score - a.score)[0];
  if (best === undefined || best.verdict === 'ruled-out') {
    return { verdict: 'ruled-out', score: 0, summary: 'The missing program is iscsiadm, not a mount, format or fsck helper.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const p = best.program;
  const name = helperName(p);
  return {
    verdict: best.verdict,
    score: best.score,
    summary: best.verdict === 'possible' ? `A program is missing in ${where(ctx, p)} during a step that formats, checks and mounts the device; it may be ${name}.` : `${name} is missing in ${where(ctx, p)}, so the volume cannot be ${/mkfs/.test(name) ? 'formatted' : /fsck/.test(name) ? 'checked' : 'mounted'}.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: p.inPluginImage
      ? [`Use an image of ${p.path?.driver ?? 'the driver'} that ships ${name} (check with \`kubectl exec <node-plugin pod> -c <plugin container> -- which ${p.item.fact.binary ?? 'mkfs.ext4'}\`); a broken image build is the usual cause.`]
      : [`On ${ctx.node ?? 'the node'}: install the package that provides ${name} (nfs-common / nfs-utils for mount.nfs, e2fsprogs for mkfs.ext4/fsck.ext4, xfsprogs for XFS), then let the kubelet retry.`],
  };
}

export const mountHelperMissing: Hypothesis = {
  id: 'mount-helper-missing',
  title: 'A mount, format or fsck helper is missing where the mount runs',
  needs: ['Pod', 'Event'],
  // Optional: absent ones become gap evidence inside the hypothesis, not a cap.
  reads: ['PersistentVolumeClaim', 'PersistentVolume'],
  assess,
  explain: summaryStep('How did the mount fail?'),
};
