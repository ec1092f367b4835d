import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { getSubmission, updateDocument, updatePaperMeta } from '$lib/server/submissions/service';
import { parseDocumentInput, parsePaperMeta } from '$lib/server/submissions/schema';
import { reviewDto, submissionDto, versionDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

/** A tham luận or internal document with its versions and reviews. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const s = await getSubmission(db(), principal, apiIdParam(params.eventId), apiIdParam(params.submissionId));
	return json({ ...submissionDto(s.paper, { unit: s.unit }), versions: s.versions.map(versionDto), reviews: s.reviews.map(reviewDto) });
});

/**
 * Edits: a tham luận's {title, presenterName, presenterPosition, summary} (all four), or an internal
 * document's {title, ownerUserId, ownerUnit, docStatus} (any of them).
 */
export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const body = await readJsonObject(request);
	const id = apiIdParam(params.submissionId);
	if ('presenterName' in body || 'presenterPosition' in body || 'summary' in body) {
		const parsed = parsePaperMeta(body);
		if (!parsed.ok) throw invalid(parsed.errors);
		await updatePaperMeta(db(), principal, eventId, id, parsed.value);
	} else {
		const parsed = parseDocumentInput(body, { partial: true });
		if (!parsed.ok) throw invalid(parsed.errors);
		if (!Object.keys(parsed.value).length) throw invalid({ body: 'Không có trường nào để sửa' });
		await updateDocument(db(), principal, eventId, id, parsed.value);
	}
	const s = await getSubmission(db(), principal, eventId, id);
	return json(submissionDto(s.paper, { unit: s.unit }));
});
