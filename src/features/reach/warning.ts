/** 预警信息 (title, level, area, advice, hotline), as the account's warning template lays it out. */
export interface Warning {
  title: string;
  level: '蓝色' | '黄色' | '橙色' | '红色';
  area: string;
  advice: string;
  hotline?: string;
}

export interface WarningTemplate {
  /** Placeholders {title} {level} {area} {advice} {hotline}. */
  format: string;
  hotline: string;
}

export const DEFAULT_WARNING_TEMPLATE: WarningTemplate = {
  format: '【{level}预警】{title}\n影响区域：{area}\n防御指引：{advice}\n咨询电话：{hotline}',
  hotline: '12345',
};

export function renderWarning(w: Warning, template: WarningTemplate = DEFAULT_WARNING_TEMPLATE): string {
  const values: Record<string, string> = { title: w.title, level: w.level, area: w.area, advice: w.advice, hotline: w.hotline ?? template.hotline };
  return template.format.replace(/\{(title|level|area|advice|hotline)\}/g, (_m, key: string) => values[key] ?? '');
}
