/** The province (or state) of a shipping address cell, as a short stable name for the `province:` tag. */

const PROVINCES = [
  '北京',
  '天津',
  '上海',
  '重庆',
  '河北',
  '山西',
  '辽宁',
  '吉林',
  '黑龙江',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '海南',
  '四川',
  '贵州',
  '云南',
  '陕西',
  '甘肃',
  '青海',
  '台湾',
  '内蒙古',
  '广西',
  '西藏',
  '宁夏',
  '新疆',
  '香港',
  '澳门',
];

/**
 * `四川省 成都市 武侯区 …` → `四川`; `广西壮族自治区…` → `广西`; `北京朝阳区…` → `北京`; a non-Chinese state or
 * province (`California`, `CA`) is kept as written; masked or empty cells (`****`) give null.
 */
export function provinceOf(text: string): string | null {
  const t = text.trim();
  if (!/[\p{L}]/u.test(t)) return null;
  // Longest first, so 黑龙江 is not matched as something shorter.
  for (const p of PROVINCES_BY_LENGTH) if (t.startsWith(p)) return p;
  if (/[\u4e00-\u9fff]/.test(t)) return null; // Chinese text that does not start with a province: unknown
  return t.split(/\s*,\s*/)[0].slice(0, 40);
}

const PROVINCES_BY_LENGTH = [...PROVINCES].sort((a, b) => b.length - a.length);
