import type request from 'supertest';

/** A note that says the acknowledgement is a test's, not a check of the source. */
export const TEST_ACKNOWLEDGEMENT_NOTE = '测试数据：为测试确认，未核对原件 / acknowledged by a test, not checked against the source';

/**
 * Acknowledges every open parse warning of a standard version through the eligibility API, so a test
 * that activates a version does not depend on how many warnings the parser reports for the seed
 * (a version with open warnings cannot be activated). `who` must be an admin of the standard's division.
 * Returns how many were acknowledged.
 */
export async function acknowledgeParseWarnings(
  eligibility: () => ReturnType<typeof request>,
  who: { Authorization: string },
  standardId: string,
  versionId: string,
): Promise<number> {
  const listed = await eligibility().get(`/standards/${standardId}/versions/${versionId}/warnings`).set(who).expect(200);
  const open = (listed.body.warnings as { warningId: string; acknowledged: unknown }[]).filter((w) => w.acknowledged === null);
  for (const warning of open) {
    await eligibility()
      .post(`/standards/${standardId}/versions/${versionId}/warnings/${warning.warningId}/acknowledgements`)
      .set(who)
      .send({ note: TEST_ACKNOWLEDGEMENT_NOTE })
      .expect(201);
  }
  return open.length;
}
