import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { certificateFitWarnings, certificateSettings, saveCertificateSettings } from '$lib/server/certificates/service';
import type { RequestHandler } from './$types';

/** Layout (mode, paper, offsets, field boxes in mm), options, and the certificates whose text had to shrink or was cut. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.view');
	const [settings, warnings] = await Promise.all([certificateSettings(db(), eventId), certificateFitWarnings(db(), principal, eventId)]);
	return json({ ...settings, warnings });
});

/** Saves { layout?: partial layout, options?: partial options, reset?: boolean }. */
export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'certificate.print');
	const body = await readJsonObject(request);
	await saveCertificateSettings(db(), principal, eventId, { layout: body.layout, options: body.options, reset: body.reset === true });
	return json(await certificateSettings(db(), eventId));
});
