import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Divider, Input, InputNumber, Select, Space, Spin, Table, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiFailure } from './api';
import { StationDoors, type RegistryDoor } from './StationDoors';
import { AMENITIES, GRADES, gradeLabel } from '@/rules/catalog';
import { WEEKDAY_NAMES } from '@/rules/hours';

/** GET /staff/stations/{id}'s station (mock/openapi.yaml RegistryStation). */
interface RegistryStation {
  id: string;
  name: string;
  address: string;
  district: string;
  position: { lat: number; lng: number };
  grade: number;
  amenities: string[];
  hours: { is24h: boolean; weekly: string[][] };
  closures: { id: string | null; from: string; to: string; reason: string; by: string | null }[];
  open: { openNow: boolean; label: string; detail: string | null };
  doors: RegistryDoor[];
}

interface GradeChange {
  id: string;
  at: string;
  by: { name: string };
  from: number;
  to: number;
  reason: string;
}

/** A day's intervals as typed: '08:00-12:00、14:00-18:00' (also commas or spaces); empty is a day off. */
const dayText = (day: string[]) => day.join('、');
const dayOf = (text: string) => text.split(/[、,，\s]+/).filter(Boolean);
const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/**
 * One station in the registry: name, address, position (GCJ-02), posted hours per weekday (overnight as
 * 22:00-06:00), amenities, grade with a reason and its history, temporary closures, and its doors. Keepers see it
 * read-only. Saving sends only what changed; the workers' nearby list shows it at once.
 */
export function StationEditor({ id, canEdit }: { id: string; canEdit: boolean }) {
  const [station, setStation] = useState<RegistryStation | null>(null);
  const [history, setHistory] = useState<GradeChange[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState({ name: '', address: '', lat: 0, lng: 0, days: [] as string[], amenities: [] as string[], grade: 1 });
  const [reason, setReason] = useState('');
  const [closure, setClosure] = useState<{ reason: string; until: Dayjs | null }>({ reason: '', until: null });
  const [closuresMissing, setClosuresMissing] = useState(false);
  const [toast, holder] = message.useMessage();

  const load = useCallback(() => {
    api<{ station: RegistryStation }>(`/staff/stations/${id}`)
      .then(({ station: s }) => {
        setStation(s);
        setDraft({
          name: s.name,
          address: s.address,
          lat: s.position.lat,
          lng: s.position.lng,
          days: s.hours.weekly.map(dayText),
          amenities: s.amenities,
          grade: s.grade,
        });
        setReason('');
        setError(null);
      })
      .catch((e: ApiFailure) => setError(e.message));
    api<{ history: GradeChange[] }>(`/staff/stations/${id}/grade-history`)
      .then((r) => setHistory(r.history))
      .catch(() => setHistory([]));
  }, [id]);
  useEffect(load, [load]);

  if (error) return <Alert type='error' title={error} showIcon />;
  if (!station) return <Spin />;

  const save = async () => {
    const body: Record<string, unknown> = {};
    if (draft.name !== station.name) body.name = draft.name;
    if (draft.address !== station.address) body.address = draft.address;
    if (draft.lat !== station.position.lat || draft.lng !== station.position.lng) body.position = { lat: draft.lat, lng: draft.lng };
    const weekly = draft.days.map(dayOf);
    if (JSON.stringify(weekly) !== JSON.stringify(station.hours.weekly)) body.hours = { weekly };
    if (JSON.stringify([...draft.amenities].sort()) !== JSON.stringify([...station.amenities].sort())) body.amenities = draft.amenities;
    if (draft.grade !== station.grade) Object.assign(body, { grade: draft.grade, gradeReason: reason });
    if (Object.keys(body).length === 0) {
      toast.info('没有修改');
      return;
    }
    try {
      await api(`/staff/stations/${id}`, { method: 'PATCH', body });
      toast.success('已保存，职工端附近驿站立即更新');
      load();
    } catch (e) {
      toast.error((e as ApiFailure).message);
    }
  };

  const closeStation = async () => {
    try {
      await api(`/staff/stations/${id}/closures`, { method: 'POST', body: { reason: closure.reason, until: closure.until?.format() } });
      toast.success('已暂停开放，职工端立即显示');
      setClosure({ reason: '', until: null });
      load();
    } catch (e) {
      const f = e as ApiFailure;
      // The station was just read: a 404 here is a server without the closures endpoint (CONTRACT 2) yet.
      if (f.status === 404) setClosuresMissing(true);
      else toast.error(f.message);
    }
  };

  const reopen = async (closureId: string) => {
    try {
      await api(`/staff/stations/${id}/closures/${closureId}`, { method: 'DELETE' });
      load();
    } catch (e) {
      toast.error((e as ApiFailure).message);
    }
  };

  const set = (patch: Partial<typeof draft>) => setDraft({ ...draft, ...patch });
  const ro = !canEdit;

  return (
    <Space direction='vertical' size='middle' style={{ width: '100%' }}>
      {holder}
      <Typography.Text>
        {station.id} · {station.district} · 现在：{station.open.label}
        {station.open.detail ? `（${station.open.detail}）` : ''}
      </Typography.Text>
      <Divider titlePlacement='start'>基本信息</Divider>
      <Input addonBefore='名称' aria-label='名称' value={draft.name} disabled={ro} onChange={(e) => set({ name: e.target.value })} />
      <Input addonBefore='地址' aria-label='地址' value={draft.address} disabled={ro} onChange={(e) => set({ address: e.target.value })} />
      <Space wrap>
        <InputNumber
          addonBefore='纬度'
          aria-label='纬度'
          value={draft.lat}
          step={0.0001}
          precision={6}
          disabled={ro}
          onChange={(v) => set({ lat: v ?? 0 })}
        />
        <InputNumber
          addonBefore='经度'
          aria-label='经度'
          value={draft.lng}
          step={0.0001}
          precision={6}
          disabled={ro}
          onChange={(v) => set({ lng: v ?? 0 })}
        />
        <Typography.Text type='secondary'>GCJ-02（高德、腾讯地图坐标）</Typography.Text>
      </Space>
      <Divider titlePlacement='start'>营业时间（每天可填多个时段，用顿号隔开；过夜写 22:00-06:00；空着为休息）</Divider>
      {WEEKDAY_NAMES.map((w, i) => (
        <Input
          key={w}
          addonBefore={w}
          aria-label={`${w}营业时间`}
          placeholder='休息'
          value={draft.days[i] ?? ''}
          disabled={ro}
          onChange={(e) => set({ days: draft.days.map((d, k) => (k === i ? e.target.value : d)) })}
        />
      ))}
      {canEdit && <Button onClick={() => set({ days: WEEKDAY_NAMES.map(() => '00:00-24:00') })}>设为24小时</Button>}
      <Divider titlePlacement='start'>服务设施</Divider>
      <Checkbox.Group
        value={draft.amenities}
        disabled={ro}
        onChange={(v) => set({ amenities: v as string[] })}
        options={Object.entries(AMENITIES).map(([value, label]) => ({ value, label }))}
      />
      <Divider titlePlacement='start'>星级</Divider>
      <Space wrap>
        <Select
          aria-label='星级'
          value={draft.grade}
          disabled={ro}
          style={{ width: 160 }}
          onChange={(g) => set({ grade: g })}
          options={Object.keys(GRADES).map((g) => ({ value: Number(g), label: gradeLabel(Number(g)) }))}
        />
        {draft.grade !== station.grade && (
          <Input
            aria-label='调整原因'
            placeholder='调整原因（必填）'
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            style={{ width: 360 }}
          />
        )}
      </Space>
      {canEdit && (
        <Button type='primary' size='large' onClick={save}>
          保存修改
        </Button>
      )}
      <Table<GradeChange>
        rowKey='id'
        size='small'
        pagination={false}
        locale={{ emptyText: '星级没有调整过' }}
        dataSource={history}
        columns={[
          { title: '时间', dataIndex: 'at', render: time, width: 150 },
          { title: '调整人', key: 'by', render: (_: unknown, h) => h.by.name, width: 100 },
          { title: '调整', key: 'ft', render: (_: unknown, h) => `${gradeLabel(h.from)} → ${gradeLabel(h.to)}`, width: 190 },
          { title: '原因', dataIndex: 'reason' },
        ]}
      />
      <Divider titlePlacement='start'>临时闭站</Divider>
      {station.closures.map((c) => (
        <Space key={`${c.from}-${c.to}`} wrap>
          <Typography.Text>
            {time(c.from)} 至 {time(c.to)}：{c.reason}
            {c.by ? `（${c.by}）` : ''}
          </Typography.Text>
          {canEdit && c.id && <Button onClick={() => reopen(c.id!)}>提前恢复开放</Button>}
        </Space>
      ))}
      {closuresMissing && <Alert type='warning' showIcon title='服务器暂不支持临时闭站（接口未开通），请升级后再试。' />}
      {!closuresMissing && (
        <Space wrap>
          <Input
            aria-label='闭站原因'
            placeholder='原因，例如 停水检修'
            value={closure.reason}
            onChange={(e) => setClosure({ ...closure, reason: e.target.value })}
            style={{ width: 240 }}
          />
          <DatePicker
            aria-label='恢复开放时间'
            showTime={{ format: 'HH:mm' }}
            format='YYYY-MM-DD HH:mm'
            placeholder='恢复开放时间'
            value={closure.until}
            disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(30, 'day'))}
            onChange={(v) => setClosure({ ...closure, until: v })}
          />
          <Button disabled={closure.reason.trim().length < 2 || !closure.until} onClick={closeStation}>
            暂停开放
          </Button>
        </Space>
      )}
      <Divider titlePlacement='start'>门禁</Divider>
      <StationDoors stationId={station.id} doors={station.doors} canEdit={canEdit} onChanged={load} />
    </Space>
  );
}
