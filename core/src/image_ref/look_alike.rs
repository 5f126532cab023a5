//! Characters that look like ASCII but are not, as text copied from a web page, a chat or a
//! document with an input method for Chinese, Japanese or Cyrillic often contains: full-width
//! forms (`：` for `:`), Cyrillic and Greek letters that share a glyph with a Latin one,
//! typographic dashes, and invisible characters such as a zero-width space.
//!
//! The grammar of references and registry addresses is pure ASCII, so any of these makes
//! the input invalid; knowing which ASCII character was meant lets the message name the fix.

/// What a look-alike character stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LookAlike {
    /// A visible character that looks like this ASCII character.
    Ascii(char),
    /// An invisible character, which should be deleted.
    Invisible,
}

/// Returns what `c` looks like, or `None` when `c` is ASCII or does not resemble an ASCII
/// character.
pub(super) fn look_alike(c: char) -> Option<LookAlike> {
    if c.is_ascii() {
        return None;
    }
    // Full-width forms of the printable ASCII characters `!` to `~`.
    if ('\u{ff01}'..='\u{ff5e}').contains(&c) {
        return char::from_u32(c as u32 - 0xfee0).map(LookAlike::Ascii);
    }
    let ascii = match c {
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => {
            return Some(LookAlike::Invisible)
        }
        // Dashes and minus signs.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        // Dots, colons and slashes of other scripts and of mathematics.
        '\u{3002}' | '\u{ff61}' | '\u{2024}' => '.',
        '\u{2236}' | '\u{a789}' | '\u{fe13}' => ':',
        '\u{2215}' | '\u{2044}' => '/',
        // Cyrillic letters drawn like Latin ones.
        'а' => 'a',
        'с' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'һ' => 'h',
        'і' => 'i',
        'ј' => 'j',
        'о' => 'o',
        'р' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'ԝ' => 'w',
        'х' => 'x',
        'у' => 'y',
        'А' => 'A',
        'В' => 'B',
        'С' => 'C',
        'Е' => 'E',
        'Н' => 'H',
        'І' => 'I',
        'Ј' => 'J',
        'К' => 'K',
        'М' => 'M',
        'О' => 'O',
        'Р' => 'P',
        'Ѕ' => 'S',
        'Т' => 'T',
        'Х' => 'X',
        // Greek letters drawn like Latin ones.
        'ο' => 'o',
        'ν' => 'v',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    };
    Some(LookAlike::Ascii(ascii))
}

/// Returns `input` with every look-alike replaced by its ASCII character and every
/// invisible character removed.
pub(super) fn replace_look_alikes(input: &str) -> String {
    input
        .chars()
        .filter_map(|c| match look_alike(c) {
            Some(LookAlike::Ascii(ascii)) => Some(ascii),
            Some(LookAlike::Invisible) => None,
            None => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_map_to_ascii() {
        assert_eq!(look_alike('！'), Some(LookAlike::Ascii('!')));
        assert_eq!(look_alike('：'), Some(LookAlike::Ascii(':')));
        assert_eq!(look_alike('～'), Some(LookAlike::Ascii('~')));
        assert_eq!(look_alike('ａ'), Some(LookAlike::Ascii('a')));
    }

    #[test]
    fn ascii_and_unrelated_characters_are_none() {
        assert_eq!(look_alike(':'), None);
        assert_eq!(look_alike('ï'), None);
        assert_eq!(look_alike('测'), None);
    }

    #[test]
    fn replacement_removes_invisible_characters() {
        assert_eq!(replace_look_alikes("\u{200b}nginх：1\u{feff}"), "nginx:1");
    }
}
