/**
 * Issues a staff invitation from the server's command line: how a deployment gets its first city admin (issue 13),
 * and a way to invite anyone when nobody above can. Prints the invitation code alone on its last line; the person
 * signs in to the app and redeems it (POST /api/v1/staff/invitations/redeem) within 72 hours, once. Audited.
 *
 *   npm run -s staff:invite -- --role city --name 王主任
 *   npm run -s staff:invite -- --role district --district 140106 --name 李科长
 *   npm run -s staff:invite -- --role keeper --station ty0195 --name 张师傅
 *   npm run -s staff:invite -- --role clinic --health-station hs01 --name 刘护士
 */
import { parseArgs } from 'util';
import { loadConfig } from '../src/core/config';
import { openDataFolder } from '../src/core/dataFolder';
import { StartupError } from '../src/core/startupError';
import { seedDatabase } from '../src/core/db/seed';
import { appendAudit } from '../src/core/db/audit';
import { loadSeed } from '../seed/load';
import { invitationTarget, issueInvitation, type InvitationSpec } from '../src/features/staff';
import { STAFF_ROLES, type StaffRole } from '../src/core/staff';
import { toShanghaiIso } from '@/rules/time';

const USAGE =
  '用法：npm run -s staff:invite -- --role city|district|keeper|clinic --name 姓名 ' +
  '[--district 区县代码 | --station 驿站编号 | --health-station 健康驿站编号]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        name: { type: 'string' },
        district: { type: 'string' },
        station: { type: 'string' },
        'health-station': { type: 'string' },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const role = values.role as StaffRole | undefined;
  if (!role || !STAFF_ROLES.includes(role) || !values.name?.trim()) fail(USAGE);
  const spec: InvitationSpec = {
    role,
    name: values.name.trim(),
    ...(values.district ? { districtCode: values.district } : {}),
    ...(values.station ? { stationId: values.station } : {}),
    ...(values['health-station'] ? { healthStationId: values['health-station'] } : {}),
  };
  const config = loadConfig();
  process.stderr.write(`数据目录 DATA_DIR：${config.dataDir}（须与服务器相同）\n`);
  const { db, close } = await openDataFolder(config, { checkIntegrity: false }).catch((err: unknown) =>
    fail(err instanceof StartupError ? err.message : String(err)),
  );
  try {
    seedDatabase(db, loadSeed());
    const target = await invitationTarget(db, spec).catch((err: unknown) => fail(`${(err as Error).message}\n${USAGE}`));
    if (!target) fail('没有这个区县、驿站或健康驿站，请核对编号（例如 --district 140106、--station ty0195、--health-station hs01）。');
    const nowMs = Date.now();
    const inv = await issueInvitation(db, spec, null, nowMs, config.staff.invitationTtlS);
    await appendAudit(
      db,
      {
        accountId: null,
        staffId: null,
        role: null,
        scope: 'command-line',
        action: 'invitation.create',
        outcome: 'ok',
        targetType: 'invitation',
        targetId: inv.id,
        stationId: spec.stationId ?? spec.healthStationId ?? null,
        address: null,
        detail: { role, districtCode: spec.districtCode ?? null },
      },
      nowMs,
    );
    process.stderr.write(`邀请 ${spec.name} 担任 ${role}，${toShanghaiIso(inv.expiresAt)} 前有效，只能用一次：\n`);
    process.stdout.write(`${inv.code}\n`);
  } finally {
    await close();
  }
}

void main();
