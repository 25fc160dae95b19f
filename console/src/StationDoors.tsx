import { useState } from 'react';
import { Alert, Button, Input, Modal, Popconfirm, Select, Space, Table, Typography, message, type TableColumnsType } from 'antd';
import { api, ApiFailure, download } from './api';

/** A door as GET /staff/stations/{id} lists it. */
export interface RegistryDoor {
  id: string;
  name: string;
  hardware: Hardware;
  deviceKeyGeneration: number;
  codeKeyGeneration: number;
}

type Hardware = 'controller' | 'controller_screen' | 'controller_reader' | 'controller_screen_reader';

const HARDWARE: Record<Hardware, string> = {
  controller: '门锁控制器',
  controller_screen: '门锁控制器 + 动态码屏',
  controller_reader: '门锁控制器 + 读码器',
  controller_screen_reader: '门锁控制器 + 动态码屏 + 读码器',
};

/**
 * A station's doors in the registry: add a door, replace its device key (shown once, in a dialog), replace its
 * printed code (every poster printed so far stops working), and download its poster as PNG or PDF.
 */
export function StationDoors({
  stationId,
  doors,
  canEdit,
  onChanged,
}: {
  stationId: string;
  doors: RegistryDoor[];
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [name, setName] = useState('');
  const [hardware, setHardware] = useState<Hardware>('controller');
  const [shownKey, setShownKey] = useState<{ door: string; key: string } | null>(null);
  const [toast, holder] = message.useMessage();

  const run = async (f: () => Promise<void>) => {
    try {
      await f();
      onChanged();
    } catch (e) {
      toast.error((e as ApiFailure).message);
    }
  };

  const addDoor = () =>
    run(async () => {
      const r = await api<{ door: RegistryDoor; deviceKey: string }>(`/staff/stations/${stationId}/doors`, {
        method: 'POST',
        body: { name, hardware },
      });
      setName('');
      setShownKey({ door: r.door.name, key: r.deviceKey });
    });

  const columns: TableColumnsType<RegistryDoor> = [
    { title: '门', dataIndex: 'name', width: 90 },
    { title: '设备', dataIndex: 'hardware', render: (h: Hardware) => HARDWARE[h] },
    {
      title: '操作',
      key: 'act',
      render: (_: unknown, d) => (
        <Space wrap>
          <Button onClick={() => run(async () => void (await download(`/staff/doors/${d.id}/poster.pdf`, `${stationId}-${d.id}.pdf`)))}>
            海报 PDF
          </Button>
          <Button onClick={() => run(async () => void (await download(`/staff/doors/${d.id}/poster.png`, `${stationId}-${d.id}.png`)))}>
            二维码 PNG
          </Button>
          {canEdit && (
            <Popconfirm
              title='更换设备密钥？'
              description='旧密钥立即失效，门禁控制器、动态码屏和读码器要装上新密钥才能工作。'
              okText='更换'
              cancelText='取消'
              onConfirm={() =>
                run(async () => {
                  const r = await api<{ door: RegistryDoor; deviceKey: string }>(`/staff/doors/${d.id}/device-key`, { method: 'POST' });
                  setShownKey({ door: d.name, key: r.deviceKey });
                })
              }
            >
              <Button>更换设备密钥</Button>
            </Popconfirm>
          )}
          {canEdit && (
            <Popconfirm
              title='更换门码？'
              description='已经贴在门上的二维码海报全部失效，请马上下载新海报重新打印张贴。'
              okText='更换'
              cancelText='取消'
              onConfirm={() =>
                run(async () => {
                  await api(`/staff/doors/${d.id}/code-key`, { method: 'POST' });
                  toast.success('门码已更换，请下载新海报重新张贴');
                })
              }
            >
              <Button danger>更换门码</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction='vertical' style={{ width: '100%' }}>
      {holder}
      <Table<RegistryDoor>
        rowKey='id'
        size='small'
        columns={columns}
        dataSource={doors}
        pagination={false}
        locale={{ emptyText: '还没有登记门' }}
      />
      {canEdit && (
        <Space wrap>
          <Input
            aria-label='新门名称'
            placeholder='门的名称，例如 侧门'
            value={name}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 200 }}
          />
          <Select<Hardware>
            aria-label='门禁设备'
            value={hardware}
            onChange={setHardware}
            style={{ width: 280 }}
            options={Object.entries(HARDWARE).map(([value, label]) => ({ value: value as Hardware, label }))}
          />
          <Button type='primary' disabled={!name.trim()} onClick={addDoor}>
            添加门
          </Button>
        </Space>
      )}
      <Modal
        title={`${shownKey?.door ?? ''}的设备密钥`}
        open={shownKey !== null}
        onOk={() => setShownKey(null)}
        onCancel={() => setShownKey(null)}
        okText='已记下'
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type='warning' showIcon title='密钥只显示这一次，请马上配置到门禁设备（请求头 X-Device-Key），不要截图外传。' />
        <Typography.Paragraph copyable code style={{ marginTop: 16, fontSize: 16 }} data-testid='device-key'>
          {shownKey?.key}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}
