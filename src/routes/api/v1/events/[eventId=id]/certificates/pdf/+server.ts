import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { certificatePdf } from '$lib/server/certificates/download';
import type { RequestHandler } from './$types';

/**
 * Certificates as PDF. ?kind=all (default: every certificate the organiser prints, in ceremony order),
 * ?decision=ID, ?award=ID, ?kind=calibration, ?kind=sample, ?kind=attendance (Giấy chứng nhận).
 */
export const GET: RequestHandler = api(async ({ params, url }, principal) =>
	certificatePdf(db(), principal, apiIdParam(params.eventId), url.searchParams)
);
