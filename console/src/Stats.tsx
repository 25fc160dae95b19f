import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Row, Select, Space, Spin, Statistic, Table, Typography, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, download, ApiFailure, type StaffMember } from './api';
import { Chart } from './Chart';
import { duration, type Statistics } from './stats';
import { alarmOption, dailyOption, districtOption, healthOption, occupationOption, peakOption } from './statsCharts';

/** Longest range the API takes (92 days). */
const MAX_DAYS = 92;

/**
 * 统计分析 (issue 15): over a date range (default the last 30 days; at most 92) and, for city admins, one district:
 * visits per day, per district and per occupation, peak hours, health bookings and alarm response times, each as a
 * chart with a table; exported as CSV or Excel by the server. Every figure comes counted from GET /staff/stats.
 */
export function Stats({ member }: { member: StaffMember }) {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(29, 'day'), dayjs()]);
  const [district, setDistrict] = useState<string | undefined>(undefined);
  const [districts, setDistricts] = useState<{ value: string; label: string }[]>([]);
  const [stats, setStats] = useState<Statistics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [toast, toastHolder] = message.useMessage();

  const query = useMemo(() => {
    const q = new URLSearchParams({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
    if (district) q.set('districtCode', district);
    return q;
  }, [range, district]);

  useEffect(() => {
    let live = true;
    setStats(null);
    api<Statistics>(`/staff/stats?${query}`)
      .then((s) => {
        if (!live) return;
        setStats(s);
        setError(null);
        // The district choices: those of the whole scope, kept while one district is shown.
        if (!s.districtCode) setDistricts(s.byDistrict.map((d) => ({ value: d.districtCode, label: d.district })));
      })
      .catch((e: ApiFailure) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [query]);

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const q = new URLSearchParams(query);
      q.set('format', format);
      toast.success(`已导出 ${await download(`/staff/stats/export?${q}`)}`);
    } catch (e) {
      toast.error((e as ApiFailure).message);
    } finally {
      setExporting(null);
    }
  };

  const charts = useMemo(
    () =>
      stats && {
        daily: dailyOption(stats),
        district: districtOption(stats),
        occupation: occupationOption(stats),
        peak: peakOption(stats),
        health: healthOption(stats),
        alarms: alarmOption(stats),
      },
    [stats],
  );

  return (
    <Space direction='vertical' size='middle' style={{ width: '100%' }}>
      {toastHolder}
      <Space size='large' wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          统计分析
        </Typography.Title>
        <DatePicker.RangePicker
          aria-label='统计日期范围'
          value={range}
          allowClear={false}
          disabledDate={(d, info) => d.isAfter(dayjs(), 'day') || (info.from ? Math.abs(d.diff(info.from, 'day')) >= MAX_DAYS : false)}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
        />
        {member.role === 'city' && (
          <Select
            aria-label='按区县统计'
            allowClear
            placeholder='全市'
            style={{ width: 200 }}
            value={district}
            onChange={setDistrict}
            options={districts}
          />
        )}
        <Button onClick={() => exportAs('csv')} loading={exporting === 'csv'}>
          导出 CSV
        </Button>
        <Button onClick={() => exportAs('xlsx')} loading={exporting === 'xlsx'}>
          导出 Excel
        </Button>
      </Space>
      {error && <Alert type='error' title={error} showIcon />}
      {!stats || !charts ? (
        !error && <Spin size='large' />
      ) : (
        <>
          <Row gutter={16}>
            {[
              ['进站人次', stats.totals.visits],
              ['进站职工（去重）', stats.totals.workers],
              ['健康驿站预约', stats.health.totals.booked],
              ['求助报警', stats.alarms.total.count],
            ].map(([title, value]) => (
              <Col span={6} key={title}>
                <Card>
                  <Statistic title={title} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title='每日进站'>
            <Chart option={charts.daily} label='每日进站人次折线图' />
          </Card>
          <Row gutter={16}>
            <Col span={12}>
              <Card title='各区县进站'>
                <Chart option={charts.district} label='各区县进站人次柱状图' />
                <Table
                  rowKey='districtCode'
                  size='small'
                  pagination={false}
                  dataSource={stats.byDistrict}
                  columns={[
                    { title: '区县', dataIndex: 'district' },
                    { title: '进站人次', dataIndex: 'visits' },
                    { title: '职工人数', dataIndex: 'workers' },
                  ]}
                />
              </Card>
            </Col>
            <Col span={12}>
              <Card title='按职业'>
                <Chart option={charts.occupation} label='按职业进站人次柱状图' />
                <Table
                  rowKey='occupation'
                  size='small'
                  pagination={false}
                  dataSource={stats.byOccupation}
                  columns={[
                    { title: '职业', dataIndex: 'label' },
                    { title: '进站人次', dataIndex: 'visits' },
                    { title: '职工人数', dataIndex: 'workers' },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card title='高峰时段（星期 × 小时）'>
            <Chart option={charts.peak} height={360} label='高峰时段热力图' />
          </Card>
          <Card title={`驿站进站排行（前 ${stats.byStation.length} 个，全部见导出）`}>
            <Table
              rowKey='stationId'
              size='small'
              pagination={{ pageSize: 10, showSizeChanger: false }}
              dataSource={stats.byStation}
              columns={[
                { title: '驿站', dataIndex: 'stationName' },
                { title: '进站人次', dataIndex: 'visits' },
                { title: '职工人数', dataIndex: 'workers' },
              ]}
            />
          </Card>
          <Row gutter={16}>
            <Col span={12}>
              <Card title='健康驿站预约（按出诊日期）'>
                <Chart option={charts.health} label='健康驿站预约柱状图' />
                <Typography.Paragraph style={{ marginTop: 8 }}>
                  预约 {stats.health.totals.booked}，其中取消 {stats.health.totals.cancelled}；已签到 {stats.health.totals.checkedIn}；爽约{' '}
                  {stats.health.totals.noShows}；候补转正 {stats.health.totals.waitlistPromotions}；出诊 {stats.health.totals.sessions}{' '}
                  场，停诊 {stats.health.totals.sessionsCancelled} 场（医生缺勤 {stats.health.totals.doctorAbsences}）。
                </Typography.Paragraph>
              </Card>
            </Col>
            <Col span={12}>
              <Card title='报警响应用时（分钟）'>
                <Chart option={charts.alarms} label='报警响应用时柱状图' />
                <Table
                  rowKey='districtCode'
                  size='small'
                  pagination={false}
                  dataSource={[...stats.alarms.byDistrict, { ...stats.alarms.total, districtCode: '*', district: '合计' }]}
                  columns={[
                    { title: '区县', dataIndex: 'district' },
                    { title: '报警', dataIndex: 'count' },
                    {
                      title: '确认用时（中位/90%）',
                      key: 'ack',
                      render: (_: unknown, r) => `${duration(r.ackMedianS)} / ${duration(r.ackP90S)}`,
                    },
                    {
                      title: '处理用时（中位/90%）',
                      key: 'res',
                      render: (_: unknown, r) => `${duration(r.resolveMedianS)} / ${duration(r.resolveP90S)}`,
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
