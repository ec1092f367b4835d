import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { addReview, getSubmission } from '$lib/server/submissions/service';
import { parseReviewInput } from '$lib/server/submissions/schema';
import { reviewDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const s = await getSubmission(db(), principal, apiIdParam(params.eventId), apiIdParam(params.submissionId));
	return json({ reviews: s.reviews.map(reviewDto) });
});

/**
 * A comment {body}, or a decision {decision: presented | printed | revision | rejected, body, reopenUntil?}.
 * Decisions are mailed to the unit; 'revision' needs the reason in body and reopens the unit's link.
 */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const parsed = parseReviewInput(await readJsonObject(request));
	if (!parsed.ok) throw invalid(parsed.errors);
	const r = await addReview(db(), principal, eventId, apiIdParam(params.submissionId), parsed.value);
	return json(r, { status: 201 });
});
