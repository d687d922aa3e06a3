/**
 * Pk (Beeferman et al., 1999): the chance that two turns k apart are wrongly said to be in the
 * same segment or in different ones; 0 is perfect. Segmentations are given as one label per
 * turn; a segment is a run of equal labels. k is half the reference's mean segment length.
 */
export function pk(reference: readonly number[], hypothesis: readonly number[]): number {
  if (reference.length !== hypothesis.length) {
    throw new Error("Pk compares segmentations of the same turns.");
  }
  const r = runIds(reference);
  const h = runIds(hypothesis);
  const segments = r.at(-1)! + 1;
  const k = Math.max(1, Math.round(reference.length / segments / 2));
  let errors = 0;
  let probes = 0;
  for (let i = 0; i + k < reference.length; i++) {
    probes++;
    if ((r[i] === r[i + k]) !== (h[i] === h[i + k])) errors++;
  }
  return probes === 0 ? 0 : errors / probes;
}

/** Each turn's segment number: it goes up where the label changes. */
function runIds(labels: readonly number[]): number[] {
  let id = 0;
  return labels.map((label, i) => (i > 0 && label !== labels[i - 1] ? ++id : id));
}

/**
 * One label per turn from reference topics given as turn ranges (inclusive), as in QMSum:
 * a turn in several ranges takes the range that starts last; a turn outside every range belongs
 * to the topic before it (the first topic, for turns before any range).
 */
export function labelsFromSpans(turnCount: number, topics: [number, number][][]): number[] {
  const ranges = topics
    .flatMap((spans, topic) => spans.map(([from, to]) => ({ from, to, topic })))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const labels: number[] = [];
  let current = ranges[0]?.topic ?? 0;
  for (let turn = 0; turn < turnCount; turn++) {
    const covering = ranges.filter((range) => range.from <= turn && turn <= range.to);
    if (covering.length > 0) current = covering.at(-1)!.topic;
    labels.push(current);
  }
  return labels;
}
