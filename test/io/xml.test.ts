/**
 * The byte-level XML tokenizer: the same elements, attributes and text however the bytes are cut into pieces
 * (a character, an entity, a tag or a CDATA terminator split across pieces), and the XML it must skip.
 */
import { CLOSE, MORE, OPEN, XmlError, XmlScanner, decodeEntities, decodeExcelEscapes } from '../../src/io/xml';

/** Every event as text: `<name a="v">`, `</name>`, and `text(...)` for the text of each <t> and <v>. */
function events(pieces: Buffer[]): string[] {
  const x = new XmlScanner();
  const out: string[] = [];
  for (const p of pieces) {
    x.push(p);
    for (let ev = x.next(); ev !== MORE; ev = x.next()) {
      const name = x.elementName();
      if (ev === OPEN) {
        const attrs: string[] = [];
        while (x.nextAttr()) attrs.push(` ${x.attrName()}="${x.attrValue()}"`);
        out.push(`<${name}${attrs.join('')}${x.selfClosing ? '/' : ''}>`);
        if (name === 't' || name === 'v') {
          x.clearText();
          x.capturing = !x.selfClosing;
        }
      } else {
        expect(ev).toBe(CLOSE);
        if (name === 't' || name === 'v') {
          x.capturing = false;
          out.push(`text(${x.text(name === 't')})`);
        }
        out.push(`</${name}>`);
      }
    }
  }
  x.end();
  return out;
}

/** The document cut at every position into two pieces, and into pieces of every size up to 7 bytes. */
function cuts(doc: string): Buffer[][] {
  const b = Buffer.from(doc);
  const out: Buffer[][] = [[b]];
  for (let i = 1; i < b.length; i++) out.push([b.subarray(0, i), b.subarray(i)]);
  for (let size = 1; size <= 7; size++) {
    const ps: Buffer[] = [];
    for (let i = 0; i < b.length; i += size) ps.push(Buffer.from(b.subarray(i, i + size)));
    out.push(ps);
  }
  return out;
}

const DOC = [
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n',
  '<!DOCTYPE x [ <!ENTITY e "<not a tag>"> ]>',
  '<x:sst xmlns:x="urn:x" a=\'1>2\' b="it\'s">',
  '<!-- a comment with <tags> and -- dashes -->',
  '<x:si><x:t xml:space="preserve"> 顾客 &amp; &lt;&gt;&quot;&apos; &#20013;&#x6587;&#x1F600; </x:t></x:si>',
  '<si><t><![CDATA[<raw> & ]] text]]>after</t></si>',
  '<si><t>line1\r\nline2\rline3_x000D__x005F_x0041_</t></si>',
  '<c r="A1" s="2"/><c r = "B1"\tt="s" ><v>12</v></c><v/>',
  '<?pi stuff?></x:sst>',
].join('');

const EXPECTED = [
  '<sst x="urn:x" a="1>2" b="it\'s">', // xmlns:x: a prefixed name, its local part
  '<si>',
  '<t space="preserve">',
  'text( 顾客 & <>"\' 中文😀 )',
  '</t>',
  '</si>',
  '<si>',
  '<t>',
  'text(<raw> & ]] textafter)',
  '</t>',
  '</si>',
  '<si>',
  '<t>',
  'text(line1\nline2\nline3\r_x0041_)',
  '</t>',
  '</si>',
  '<c r="A1" s="2"/>',
  '</c>',
  '<c r="B1" t="s">',
  '<v>',
  'text(12)',
  '</v>',
  '</c>',
  '<v/>',
  'text()',
  '</v>',
  '</sst>',
];

describe('XML tokenizer', () => {
  test('elements, attributes and text come out the same however the bytes are cut', () => {
    for (const pieces of cuts(DOC)) expect(events(pieces)).toEqual(EXPECTED);
  });

  test('a document cut inside a tag, a comment or a CDATA section is an error at its end', () => {
    for (const doc of ['<a><b x="1', '<a><!-- never closed', '<a><![CDATA[ open', '<a><']) {
      expect(() => events([Buffer.from(doc)])).toThrow(XmlError);
    }
    expect(() => events([Buffer.from('<a b></a>')])).toThrow(/attribute without a value/);
    expect(() => events([Buffer.from('<a b=1></a>')])).toThrow(/without quotes/);
  });

  test('entities: the five named ones and character references; unknown ones stay as written', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#X43;&#x10FFFF;')).toBe('&<>"\'ABC\u{10ffff}');
    expect(decodeEntities('&nbsp; &#xD800; &#x110000; & &amp')).toBe('&nbsp; &#xD800; &#x110000; & &amp');
  });

  test("Excel's _xHHHH_ escapes: upper-case hex, _x005F_ keeps the next one literal", () => {
    expect(decodeExcelEscapes('a_x000D_b_x0009_c')).toBe('a\rb\tc');
    expect(decodeExcelEscapes('_x005F_x000D_')).toBe('_x000D_');
    expect(decodeExcelEscapes('_x000d_ _x00D_ x000D_')).toBe('_x000d_ _x00D_ x000D_');
  });

  test('a long text value across many pieces is collected whole', () => {
    const long = '长'.repeat(300000);
    const b = Buffer.from(`<t>${long}</t>`);
    const pieces: Buffer[] = [];
    for (let i = 0; i < b.length; i += 4099) pieces.push(b.subarray(i, i + 4099));
    expect(events(pieces)).toEqual(['<t>', `text(${long})`, '</t>']);
  });
});
