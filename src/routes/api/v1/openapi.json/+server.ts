import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/openapi';
import type { RequestHandler } from './$types';

// Public: the description of the API is not a secret; every operation in it requires a token.
export const GET: RequestHandler = ({ url }) => json(openApiDocument(url.origin));
