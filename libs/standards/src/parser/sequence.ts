/**
 * Word tracked changes leave the struck-out and the inserted item number side by side: 「（6158）」 is
 * 61 → 58, and a shared leading digit is printed once, 「（641）」 is 64 → 61. A printed number larger
 * than the number of items in the document cannot be a sequence number, so it is split into an old
 * and a new number, both within range; the split whose old number continues the previous item's wins,
 * otherwise the closest pair (renumbering after a deletion shifts numbers by a few).
 */
export interface DecodedNumber {
  sequence: number;
  superseded: number | null;
}

export function decodeItemNumber(digits: string, itemCount: number, expectedOld: number | null): DecodedNumber {
  const value = Number(digits);
  if (value <= itemCount) return { sequence: value, superseded: null };
  const candidates = splitCandidates(digits).filter(
    (c) => c.old <= itemCount && c.next <= itemCount && c.old !== c.next,
  );
  if (candidates.length === 0) return { sequence: value, superseded: null };
  const rank = (c: Candidate) => (c.old === expectedOld ? -1000 : 0) + Math.abs(c.old - c.next);
  const best = candidates.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  return { sequence: best.next, superseded: best.old };
}

interface Candidate {
  old: number;
  next: number;
}

function splitCandidates(digits: string): Candidate[] {
  const out: Candidate[] = [];
  for (let shared = 0; shared < digits.length - 1; shared++) {
    const prefix = digits.slice(0, shared);
    const rest = digits.slice(shared);
    for (let cut = 1; cut < rest.length; cut++) {
      const old = prefix + rest.slice(0, cut);
      const next = prefix + rest.slice(cut);
      if (/^0/.test(old) || /^0/.test(next)) continue;
      out.push({ old: Number(old), next: Number(next) });
    }
  }
  return out;
}
