import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { createDocument, getSubmission, savePaperForUnit, submissionsOverview } from '$lib/server/submissions/service';
import { parseDocumentInput, parsePaperMeta } from '$lib/server/submissions/schema';
import { callDto, documentDto, submissionDto, unitDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

/** The call, the invited units with their tham luận, and the internal documents. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const o = await submissionsOverview(db(), principal, eventId);
	return json({ call: o.call ? callDto(o.call) : null, units: o.units.map(unitDto), documents: o.documents.map(documentDto) });
});

/**
 * Creates an internal document ({kind, title, ownerUserId, ownerUnit}) or, with unitId, the tham luận of a
 * unit on its behalf ({unitId, title, presenterName, presenterPosition, summary}); a file follows by POST …/versions.
 */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const body = await readJsonObject(request);
	let id: number;
	if (body.unitId !== undefined) {
		const parsed = parsePaperMeta(body);
		if (!parsed.ok) throw invalid(parsed.errors);
		id = await savePaperForUnit(db(), principal, eventId, apiIdParam(String(body.unitId)), parsed.value);
	} else {
		const parsed = parseDocumentInput(body);
		if (!parsed.ok) throw invalid(parsed.errors);
		id = await createDocument(db(), principal, eventId, parsed.value);
	}
	const s = await getSubmission(db(), principal, eventId, id);
	return json(submissionDto(s.paper, { unit: s.unit }), { status: 201 });
});
