// The inputs, in the formats leaks(1) and xctrace export write; the last two are re-encodings of a real export.
def fixtures = new File(basedir, '../../../src/test/resources')

// a report with a << TOTAL >> line above its roots (as macOS 15 and the iOS simulator write it)
new File(basedir, 'total.txt').text = '''leaks Report Version: 4.0
Process 1: 2 leaks for 64 total leaked bytes.

    2 (64 bytes) << TOTAL >>

      1 (32 bytes) ROOT LEAK: 0x1 [32]

      1 (32 bytes) ROOT LEAK: 0x2 [32]
'''

// leaks --atExit captures the program's own output first: more than 4 KiB of it here
def report = new File(fixtures, 'macos-leaks/singular.txt').text
new File(basedir, 'noisy.txt').text = (1..200).collect { "line ${it} of the program's own chatter before it exits" }.join('\n') + '\n' + report

// an Instruments Leaks export with a UTF-8 byte-order mark, and the same in UTF-16
def export = new File(fixtures, 'xctrace/leaks.xml').getText('UTF-8')
def bom = new ByteArrayOutputStream()
bom.write([0xEF, 0xBB, 0xBF] as byte[])
bom.write(export.getBytes('UTF-8'))
new File(basedir, 'bom-leaks.xml').bytes = bom.toByteArray()
new File(basedir, 'utf16.xml').bytes = export.getBytes('UTF-16')
return true
