import { describe, expect, it } from 'vitest';
import { listApis } from './lib/apis.js';
import { driftForRecording } from './lib/drift.js';
import { loadRecordings, type Recording } from './lib/recordings.js';
import { collectDrift, formatDrift } from './drift.js';

const erdDebtor = loadRecordings('erd').find((r) => r.file.endsWith('retrieveErd.debtor.json'))!;

function variant(edit: (recording: Recording) => void, knownDeviation?: string) {
  const recording = structuredClone(erdDebtor.recording);
  edit(recording);
  if (knownDeviation) recording.knownDeviation = { reason: knownDeviation };
  return driftForRecording({ ...erdDebtor, file: 'planted.json', recording });
}

const body = (r: Recording) => r.response.body as { result_json: Array<Record<string, unknown>>; [k: string]: unknown };

describe('drift', () => {
  it('finds no unexcused drift in the committed recordings', () => {
    const report = collectDrift(listApis().map((a) => a.id));
    expect(report.unreadable).toEqual([]);
    expect(report.recordings).toBeGreaterThan(0);
    expect(report.findings.filter((f) => !f.excusedBy).map((f) => `${f.file}: ${f.kind} ${f.field} ${f.detail}`)).toEqual([]);
  });

  it('reports a field the vendor sends but the spec does not document', () => {
    const findings = variant((r) => {
      body(r).result_json[0]!['exec_proc_data'] = '1970-01-01+00:00';
      body(r)['request_id'] = 'x';
    });
    expect(findings.map((f) => [f.kind, f.field])).toEqual([
      ['undocumented-field', 'result_json[].exec_proc_data'],
      ['undocumented-field', 'request_id'],
    ]);
  });

  it('reports missing required fields, type, format and enum mismatches', () => {
    const findings = variant((r) => {
      delete body(r).result_json[0]!['exec_proc_date'];
      body(r).result_json[0]!['recover_amount'] = 100;
      body(r)['backend_session'] = 'not-a-uuid';
    });
    expect(findings.map((f) => [f.kind, f.field])).toEqual(
      expect.arrayContaining([
        ['missing-required-field', 'result_json[0].exec_proc_date'],
        ['type-mismatch', 'result_json[0].recover_amount'],
        ['format-mismatch', 'backend_session'],
      ]),
    );
    const enumDrift = driftForRecording({
      ...loadRecordings('bank131').find((r) => r.file.endsWith('getCheck.pending.json'))!,
      recording: { ...loadRecordings('bank131').find((r) => r.file.endsWith('getCheck.pending.json'))!.recording, response: { status: 200, headers: { 'content-type': 'application/json' }, body: { status: 'error', error: { code: 'brand_new_code', description: 'x' } } } },
    });
    expect(enumDrift.map((f) => f.kind)).toContain('enum-mismatch');
  });

  it('reports a status the spec does not declare', () => {
    const findings = variant((r) => {
      r.response.status = 429;
    });
    expect(findings).toEqual([expect.objectContaining({ kind: 'undocumented-status', detail: expect.stringContaining('400, 404, 503') })]);
  });

  it('excuses drift marked as a known vendor deviation, and says so', () => {
    const findings = variant((r) => {
      body(r)['extra'] = 1;
    }, 'The vendor started sending `extra` in 2026; not yet in its docs.');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.excusedBy).toContain('not yet in its docs');
    expect(formatDrift({ findings, unreadable: [], recordings: 1 })).toContain('excused  undocumented-field extra:');
  });
});
