/** OpenAPI paths for the programme, award decisions and prizes, batches, the MC script and certificates. */
import { errorResponses, idParameter } from '$lib/server/api/helpers';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ev = idParameter('eventId', 'Mã hội nghị');
const ok = (schema: object, description = 'OK') => ({ description, content: json(schema) });
const pdf = { description: 'Tệp PDF (tải về)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };
const kind = { type: 'string', enum: ['collective', 'individual', 'household'], description: 'Tập thể, cá nhân, hộ gia đình' };
const fund = { type: 'string', enum: ['central', 'province_fund', 'issuing_unit'], description: 'Nguồn chi tiền thưởng (Luật TĐKT Điều 11.4)' };

export const awardSchemas = {
	ProgrammeItemInput: {
		type: 'object',
		properties: {
			kind: { type: 'string', enum: ['art', 'flag', 'opening', 'report', 'video', 'discussion', 'awards', 'directive', 'response', 'launch', 'closing', 'break', 'other'] },
			title: { type: 'string', maxLength: 500 },
			presenterName: { type: 'string' },
			presenterPosition: { type: 'string' },
			presenterDelegateId: { type: ['integer', 'null'] },
			durationMinutes: { type: 'integer', minimum: 0, maximum: 720 },
			fixedStart: { type: ['string', 'null'], description: '"13:30" (giờ Việt Nam, ngày hội nghị) hoặc ngày giờ ISO; rỗng: nối tiếp mục trước' },
			notes: { type: 'string' }
		}
	},
	ProgrammeItem: {
		allOf: [
			ref('ProgrammeItemInput'),
			{
				type: 'object',
				properties: {
					id: { type: 'integer' },
					position: { type: 'integer' },
					submissionId: { type: ['integer', 'null'], description: 'Tham luận (chức năng tham luận)' },
					plannedStart: { type: 'string', format: 'date-time' },
					plannedEnd: { type: 'string', format: 'date-time' },
					projectedStart: { type: 'string', format: 'date-time', description: 'Dự kiến theo thực tế (sau các mốc bắt đầu/kết thúc)' },
					projectedEnd: { type: 'string', format: 'date-time' },
					actualStart: { type: ['string', 'null'], format: 'date-time' },
					actualEnd: { type: ['string', 'null'], format: 'date-time' },
					state: { type: 'string', enum: ['done', 'running', 'upcoming', 'skipped'] }
				}
			}
		]
	},
	Programme: {
		type: 'object',
		properties: {
			dayStart: { type: 'string', format: 'date-time' },
			items: { type: 'array', items: ref('ProgrammeItem') },
			live: {
				type: 'object',
				properties: {
					currentId: { type: ['integer', 'null'] },
					nextId: { type: ['integer', 'null'] },
					lateMinutes: { type: ['integer', 'null'], description: 'Chậm so với kế hoạch (âm: sớm)' },
					remainingMinutes: { type: ['integer', 'null'] },
					started: { type: 'boolean' },
					finished: { type: 'boolean' }
				}
			},
			totalMinutes: { type: 'integer' },
			plannedEnd: { type: ['string', 'null'], format: 'date-time' }
		}
	},
	PrizeRule: {
		type: 'object',
		description: 'Quy định đã dùng để tính tiền thưởng, lưu cùng khoản thưởng',
		properties: {
			decree: { type: ['string', 'null'], examples: ['nd152_2025'] },
			decreeName: { type: ['string', 'null'] },
			formCode: { type: 'string' },
			kind,
			coefficient: { type: ['string', 'null'], examples: ['1.5'] },
			coefficientVerified: { type: 'boolean', description: 'false: hệ số chưa xác minh từ văn bản' },
			baseSalary: { type: ['integer', 'null'], examples: [2340000] },
			baseSalaryFrom: { type: ['string', 'null'], format: 'date' },
			baseSalaryVerified: { type: 'boolean' },
			rounding: { type: ['string', 'null'], enum: ['up_10000', 'up_1000', 'nearest_10000', 'nearest_1000', 'none', null] },
			roundingVerified: { type: 'boolean' },
			raw: { type: ['integer', 'null'], description: 'Hệ số × lương cơ sở trước làm tròn' },
			amount: { type: 'integer', description: 'Đồng' },
			missing: { type: ['string', 'null'], enum: ['no_decree', 'no_base_salary', 'no_coefficient', null] }
		}
	},
	DecisionInput: {
		type: 'object',
		properties: {
			number: { type: 'string', examples: ['512/QĐ-UBND'] },
			decisionDate: { type: 'string', format: 'date', description: 'Chọn nghị định và mức lương cơ sở' },
			formId: { type: 'integer', description: 'Hình thức khen thưởng (GET …/awards/forms)' },
			issuer: { type: 'string', examples: ['Chủ tịch Ủy ban nhân dân tỉnh'] },
			authorityLine: { type: 'string', examples: ['CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA'] },
			subject: { type: 'string' },
			signerPrefix: { type: 'string', examples: ['KT. CHỦ TỊCH'] },
			signerTitle: { type: 'string', examples: ['PHÓ CHỦ TỊCH'] },
			signerName: { type: 'string' },
			fund,
			fundUnit: { type: 'string' },
			defaultAchievement: { type: 'string' }
		}
	},
	Decision: {
		allOf: [
			ref('DecisionInput'),
			{
				type: 'object',
				properties: {
					id: { type: 'integer' },
					formCode: { type: 'string' },
					formName: { type: 'string' },
					precedence: { type: 'integer', description: 'Thứ bậc: nhỏ hơn là cao hơn' },
					count: { type: 'integer' },
					amount: { type: 'integer' },
					byKind: { type: 'object' }
				}
			}
		]
	},
	AwardInput: {
		type: 'object',
		properties: {
			kind,
			name: { type: 'string', description: 'Tên tập thể, họ tên (không có Ông/Bà) hoặc tên hộ như trong danh sách' },
			salutation: { type: ['string', 'null'], enum: ['Ông', 'Bà', null] },
			householdHead: { type: ['string', 'null'] },
			position: { type: 'string' },
			unit: { type: 'string', description: 'Đơn vị, hoặc địa chỉ của hộ gia đình' },
			achievement: { type: 'string' },
			notes: { type: 'string' },
			delegateId: { type: ['integer', 'null'], description: 'Đại biểu lên nhận (cho tập thể: người đại diện)' }
		}
	},
	Award: {
		allOf: [
			ref('AwardInput'),
			{
				type: 'object',
				properties: {
					id: { type: 'integer' },
					decisionId: { type: 'integer' },
					listOrder: { type: 'integer' },
					amount: { type: 'integer', description: 'Tiền thưởng đã ghi (đồng)' },
					fund,
					prizeRule: ref('PrizeRule'),
					registerNumber: { type: ['string', 'null'], description: 'Số vào sổ' },
					verificationCode: { type: 'string', description: 'Mã xác thực in trên bằng (trang /v/MÃ)' },
					batchId: { type: ['integer', 'null'] }
				}
			}
		]
	},
	Batch: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			position: { type: 'integer' },
			title: { type: 'string' },
			decisionId: { type: ['integer', 'null'] },
			presenterDelegateId: { type: ['integer', 'null'] },
			presenterName: { type: 'string' },
			presenterPosition: { type: 'string' },
			presenterAbsent: { type: 'boolean' },
			status: { type: 'string', enum: ['pending', 'on_stage', 'done'] },
			absentCount: { type: 'integer' },
			awards: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						id: { type: 'integer' },
						displayName: { type: 'string' },
						detail: { type: 'string' },
						kind,
						presence: { type: 'string', enum: ['present', 'absent', 'unknown'], description: 'absent: cần người nhận thay' }
					}
				}
			}
		}
	}
};

const idOf = (name: string, d: string) => idParameter(name, d);

export const awardPaths = {
	'/events/{eventId}/programme': {
		parameters: [ev],
		get: { summary: 'Chương trình: các mục, giờ dự kiến, trạng thái trực tiếp', operationId: 'getProgramme', responses: { '200': ok(ref('Programme')), ...errorResponses(403, 404) } },
		post: {
			summary: 'Thêm mục (cuối, hoặc sau afterId); các mục sau tự dời giờ',
			operationId: 'addProgrammeItem',
			requestBody: { required: true, content: json({ allOf: [ref('ProgrammeItemInput'), { type: 'object', properties: { afterId: { type: 'integer' } } }] }) },
			responses: { '201': ok(ref('Programme'), 'Đã thêm'), ...errorResponses(400, 403, 404) }
		},
		put: {
			summary: 'Sắp xếp lại: { ids } gồm mỗi mục đúng một lần',
			operationId: 'reorderProgramme',
			requestBody: { required: true, content: json({ type: 'object', properties: { ids: { type: 'array', items: { type: 'integer' } } } }) },
			responses: { '200': ok(ref('Programme')), ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/programme/{itemId}': {
		parameters: [ev, idOf('itemId', 'Mã mục chương trình')],
		patch: { summary: 'Sửa mục (thời lượng mới dời giờ các mục sau)', operationId: 'updateProgrammeItem', requestBody: { required: true, content: json(ref('ProgrammeItemInput')) }, responses: { '200': ok(ref('ProgrammeItem')), ...errorResponses(400, 403, 404) } },
		delete: { summary: 'Xóa mục', operationId: 'deleteProgrammeItem', responses: { '204': { description: 'Đã xóa' }, ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/programme/{itemId}/mark': {
		parameters: [ev, idOf('itemId', 'Mã mục chương trình')],
		post: {
			summary: 'Mốc của người điều hành sân khấu: bắt đầu (kết thúc mục đang chạy), kết thúc, xóa mốc',
			operationId: 'markProgrammeItem',
			requestBody: { required: true, content: json({ type: 'object', required: ['mark'], properties: { mark: { type: 'string', enum: ['start', 'end', 'clear'] } } }) },
			responses: { '200': { description: 'Trạng thái trực tiếp' }, ...errorResponses(400, 403, 404, 409) }
		}
	},
	'/events/{eventId}/programme/pdf': { parameters: [ev], get: { summary: 'Chương trình (PDF)', operationId: 'programmePdf', responses: { '200': pdf, ...errorResponses(403, 404) } } },
	'/events/{eventId}/programme/template': {
		parameters: [ev],
		post: {
			summary: 'Tạo chương trình mẫu (trình tự NĐ 145/2013) cho chương trình trống, kèm các tham luận đã chọn trình bày theo thứ tự',
			operationId: 'createProgrammeTemplate',
			responses: { '201': ok({ allOf: [ref('Programme'), { type: 'object', properties: { count: { type: 'integer', description: 'Số mục đã tạo' } } }] }, 'Đã tạo'), ...errorResponses(403, 404, 409) }
		}
	},
	'/events/{eventId}/programme/discussions': {
		parameters: [ev],
		post: {
			summary: 'Cập nhật từ tham luận: mỗi tham luận được chọn trình bày một mục, theo thứ tự và thời gian trình bày; bỏ mục của tham luận không còn trình bày; giờ các mục tự tính lại (chức năng tham luận cũng tự làm việc này mỗi khi chọn, sắp thứ tự hoặc đổi thời gian)',
			operationId: 'syncProgrammeDiscussions',
			responses: {
				'200': ok({ allOf: [ref('Programme'), { type: 'object', properties: { added: { type: 'integer' }, updated: { type: 'integer' }, removed: { type: 'integer' } } }] }),
				...errorResponses(403, 404, 409)
			}
		}
	},
	'/events/{eventId}/script': {
		parameters: [ev],
		get: { summary: 'Kịch bản dẫn chương trình (bản nháp đã lưu, hoặc tạo mới nếu chưa có)', operationId: 'getScript', responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) } },
		put: { summary: 'Lưu bản người dẫn chương trình đã sửa: { text }', operationId: 'saveScript', requestBody: { required: true, content: json({ type: 'object', properties: { text: { type: 'string' } } }) }, responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404) } },
		post: { summary: 'Tạo lại từ chương trình và các đợt trao (thay bản nháp)', operationId: 'regenerateScript', responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/script/pdf': { parameters: [ev], get: { summary: 'Kịch bản dẫn chương trình (PDF)', operationId: 'scriptPdf', responses: { '200': pdf, ...errorResponses(403, 404) } } },
	'/events/{eventId}/decisions': {
		parameters: [ev],
		get: { summary: 'Quyết định khen thưởng, thứ bậc cao trước', operationId: 'listDecisions', responses: { '200': ok({ type: 'object', properties: { decisions: { type: 'array', items: ref('Decision') } } }), ...errorResponses(403, 404) } },
		post: { summary: 'Ghi quyết định khen thưởng', operationId: 'createDecision', requestBody: { required: true, content: json(ref('DecisionInput')) }, responses: { '201': { description: 'Đã ghi' }, ...errorResponses(400, 403, 404, 409) } }
	},
	'/events/{eventId}/decisions/import': {
		parameters: [ev],
		post: {
			summary: 'Nhập danh sách kèm quyết định (.xlsx/.csv), tất cả hoặc không: (1) multipart `file` → xem trước; (2) JSON { importId, decisionId | decision } → nhập',
			operationId: 'importAwards',
			requestBody: {
				required: true,
				content: {
					'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, decisionId: { type: 'integer' } } } },
					'application/json': { schema: { type: 'object', properties: { importId: { type: 'integer' }, decisionId: { type: 'integer' }, decision: ref('DecisionInput') } } }
				}
			},
			responses: { '201': { description: 'Bản xem trước: các dòng, lỗi, cảnh báo, số tiền' }, '200': { description: 'Đã nhập' }, ...errorResponses(400, 403, 404, 409, 413) }
		}
	},
	'/events/{eventId}/decisions/{decisionId}': {
		parameters: [ev, idOf('decisionId', 'Mã quyết định')],
		get: { summary: 'Quyết định và danh sách (thứ tự trong danh sách), số tiền đã ghi và số tiền theo quy định hiện hành', operationId: 'getDecision', responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) } },
		patch: { summary: 'Sửa quyết định (đổi ngày hoặc hình thức: tính lại tiền thưởng của quyết định)', operationId: 'updateDecision', requestBody: { required: true, content: json(ref('DecisionInput')) }, responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404, 409) } },
		delete: { summary: 'Xóa quyết định và danh sách', operationId: 'deleteDecision', responses: { '204': { description: 'Đã xóa' }, ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/decisions/{decisionId}/awards': {
		parameters: [ev, idOf('decisionId', 'Mã quyết định')],
		post: { summary: 'Thêm tập thể, cá nhân, hộ gia đình (tiền thưởng tính và ghi ngay)', operationId: 'addAward', requestBody: { required: true, content: json(ref('AwardInput')) }, responses: { '201': ok(ref('Award'), 'Đã thêm'), ...errorResponses(400, 403, 404) } }
	},
	'/events/{eventId}/decisions/{decisionId}/recompute': {
		parameters: [ev, idOf('decisionId', 'Mã quyết định')],
		post: { summary: 'Tính lại tiền thưởng đã ghi theo quy định hiện hành (có ghi nhật ký)', operationId: 'recomputePrizes', responses: { '200': { description: 'Các khoản đã đổi' }, ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/awards': {
		parameters: [ev],
		get: { summary: 'Mọi khoản khen thưởng theo thứ tự trao', operationId: 'listAwards', responses: { '200': ok({ type: 'object', properties: { awards: { type: 'array', items: ref('Award') } } }), ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/awards/{awardId}': {
		parameters: [ev, idOf('awardId', 'Mã khoản khen thưởng')],
		patch: { summary: 'Sửa (đổi loại: tính lại tiền); delegateId: người lên nhận', operationId: 'updateAward', requestBody: { required: true, content: json(ref('AwardInput')) }, responses: { '200': ok(ref('Award')), ...errorResponses(400, 403, 404) } },
		delete: { summary: 'Xóa', operationId: 'deleteAward', responses: { '204': { description: 'Đã xóa' }, ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/awards/prize': {
		parameters: [ev],
		post: {
			summary: 'Tính thử tiền thưởng theo ngày quyết định, hình thức, đối tượng (không lưu)',
			operationId: 'quotePrize',
			requestBody: { required: true, content: json({ type: 'object', required: ['decisionDate', 'formId', 'kind'], properties: { decisionDate: { type: 'string', format: 'date' }, formId: { type: 'integer' }, kind } }) },
			responses: { '200': ok(ref('PrizeRule')), ...errorResponses(400, 403, 404) }
		}
	},
	'/events/{eventId}/awards/totals': {
		parameters: [ev],
		get: { summary: 'Tiền thưởng theo nguồn chi và số bằng ban tổ chức in', operationId: 'awardTotals', responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/awards/forms': {
		parameters: [ev],
		get: { summary: 'Hình thức khen thưởng dùng được', operationId: 'listAwardForms', responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) } },
		post: { summary: 'Thêm hình thức của đơn vị', operationId: 'addAwardForm', requestBody: { required: true, content: json({ type: 'object' }) }, responses: { '201': { description: 'Đã thêm' }, ...errorResponses(400, 403, 404, 409) } }
	},
	'/events/{eventId}/awards/rules': {
		parameters: [ev],
		get: { summary: 'Quy định tính tiền thưởng (lương cơ sở, nghị định, hệ số; đã/chưa xác minh)', operationId: 'prizeRules', responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) } }
	},
	'/events/{eventId}/batches': {
		parameters: [ev],
		get: { summary: 'Các đợt trao, người trao, cờ vắng mặt', operationId: 'listBatches', responses: { '200': ok({ type: 'object', properties: { batches: { type: 'array', items: ref('Batch') } } }), ...errorResponses(403, 404) } },
		post: { summary: 'Tạo lại các đợt theo thứ bậc: { capacity } người trên sân khấu', operationId: 'generateBatches', requestBody: { content: json({ type: 'object', properties: { capacity: { type: 'integer', minimum: 1, maximum: 60 } } }) }, responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404) } },
		put: { summary: 'Lưu sắp xếp (kéo thả): { batches: [{ id, awardIds, title?, presenterDelegateId? }] }', operationId: 'arrangeBatches', requestBody: { required: true, content: json({ type: 'object' }) }, responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404) } }
	},
	'/events/{eventId}/batches/{batchId}': {
		parameters: [ev, idOf('batchId', 'Mã đợt trao')],
		patch: { summary: 'Người trao, tên đợt', operationId: 'updateBatch', requestBody: { required: true, content: json({ type: 'object' }) }, responses: { '200': ok(ref('Batch')), ...errorResponses(400, 403, 404) } }
	},
	'/events/{eventId}/batches/stage': {
		parameters: [ev],
		post: { summary: 'Chuyển sân khấu: { move: next | prev | reset } hoặc { batchId }', operationId: 'moveStage', requestBody: { required: true, content: json({ type: 'object' }) }, responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404) } }
	},
	'/events/{eventId}/certificates': {
		parameters: [ev],
		get: { summary: 'Bố cục bằng khen (chế độ, khổ giấy, ô chữ mm, độ lệch), tùy chọn, cảnh báo chữ bị thu nhỏ/cắt', operationId: 'certificateSettings', responses: { '200': { description: 'OK' }, ...errorResponses(403, 404) } },
		put: { summary: 'Lưu bố cục và tùy chọn', operationId: 'saveCertificateSettings', requestBody: { required: true, content: json({ type: 'object', properties: { layout: { type: 'object' }, options: { type: 'object' }, reset: { type: 'boolean' } } }) }, responses: { '200': { description: 'OK' }, ...errorResponses(400, 403, 404) } }
	},
	'/events/{eventId}/certificates/pdf': {
		parameters: [
			ev,
			{ name: 'kind', in: 'query', schema: { type: 'string', enum: ['all', 'calibration', 'sample', 'attendance'] } },
			{ name: 'decision', in: 'query', schema: { type: 'integer' } },
			{ name: 'award', in: 'query', schema: { type: 'integer' } }
		],
		get: { summary: 'Bằng khen (tất cả theo thứ tự trao, theo quyết định, một người), trang căn chỉnh, bằng mẫu, giấy chứng nhận', operationId: 'certificatesPdf', responses: { '200': pdf, ...errorResponses(403, 404, 409) } }
	}
};
