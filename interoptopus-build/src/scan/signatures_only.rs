//! A file parser that leaves function bodies unparsed.
//!
//! Bindings describe signatures; nothing after the scan reads a function's statements (they
//! were emptied right after parsing before this module existed). In real crates bodies are
//! most of the code, and syn's expression parser is its slowest part, so skipping them is the
//! largest saving the parse stage has short of not using syn.
//!
//! The result is what `syn::parse_file` gives with every body's statements removed: free
//! functions, methods of `impl` blocks and the same inside inline modules. A body's inner
//! attributes (`fn f() { #![cfg(x)] … }`) are still read, because they are the function's
//! attributes. Anything this parser does not recognise for certain (a body-less `fn f();`,
//! an `impl` header it cannot split off) is handed to syn's own item parser, so the same input
//! is accepted and the same errors are reported, except syntax errors inside bodies, which are
//! rustc's to report.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use syn::buffer::Cursor;
use syn::parse::{ParseStream, Parser};
use syn::token::Brace;
use syn::{
    Abi, Attribute, Block, File, FnModifiers, ImplItem, ImplItemFn, Item, ItemFn, ItemImpl,
    ItemMod, Signature, Token, Visibility,
};

/// Parses a whole source file (byte-order mark and shebang handled as `syn::parse_file` does).
pub(crate) fn parse_file(text: &str) -> syn::Result<File> {
    let mut content = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut shebang = None;
    if content.starts_with("#!") && !content[2..].trim_start().starts_with('[') {
        let end = content.find('\n').unwrap_or(content.len());
        shebang = Some(content[..end].to_owned());
        content = &content[end..];
    }
    let mut file = file.parse_str(content)?;
    file.shebang = shebang;
    Ok(file)
}

fn file(input: ParseStream) -> syn::Result<File> {
    Ok(File {
        shebang: None,
        frontmatter: None,
        attrs: input.call(Attribute::parse_inner)?,
        items: items(input)?,
    })
}

fn items(input: ParseStream) -> syn::Result<Vec<Item>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        items.push(item(input)?);
    }
    Ok(items)
}

/// What the next item is, decided by peeking past its attributes and visibility.
enum Ahead {
    Fn,
    InlineMod,
    Impl,
    Other,
}

fn item(input: ParseStream) -> syn::Result<Item> {
    let parsed = match ahead(input) {
        Ahead::Fn => try_on_fork(input, fn_item),
        Ahead::InlineMod => try_on_fork(input, inline_mod).map(|m| m.map(Item::Mod)),
        Ahead::Impl => try_on_fork(input, impl_item).map(|i| i.map(Item::Impl)),
        Ahead::Other => Ok(None),
    };
    match parsed {
        Ok(Some(item)) => Ok(item),
        // syn's own parser decides, and words the error, for everything else.
        Ok(None) | Err(_) => input.parse(),
    }
}

/// Runs `parse` on a fork and moves `input` past what it read only when it succeeded.
fn try_on_fork<T>(
    input: ParseStream,
    parse: fn(ParseStream) -> syn::Result<Option<T>>,
) -> syn::Result<Option<T>> {
    let fork = input.fork();
    let parsed = parse(&fork)?;
    if parsed.is_some() {
        use syn::parse::discouraged::Speculative;
        input.advance_to(&fork);
    }
    Ok(parsed)
}

fn ahead(input: ParseStream) -> Ahead {
    let fork = input.fork();
    skip_outer_attributes(&fork);
    if fork.parse::<Visibility>().is_err() {
        return Ahead::Other;
    }
    if peek_signature(&fork) {
        return Ahead::Fn;
    }
    let _ = fork.parse::<Option<Token![unsafe]>>();
    if fork.peek(Token![impl]) {
        Ahead::Impl
    } else if fork.peek(Token![mod]) && fork.peek3(Brace) {
        Ahead::InlineMod
    } else {
        Ahead::Other
    }
}

/// `#[…]` attributes (doc comments are `#[doc = "…"]` tokens) are skipped without parsing:
/// the peek only needs to know what follows them.
fn skip_outer_attributes(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((_, after_hash)) = rest.punct().filter(|(p, _)| p.as_char() == '#') {
            match after_hash.group(Delimiter::Bracket) {
                Some((_, _, next)) => rest = next,
                None => break,
            }
        }
        Ok(((), rest))
    });
}

/// `const`? `async`? `unsafe`? (`extern` "abi"?)? `fn`, as syn decides an item is a function.
fn peek_signature(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<Option<Token![const]>>().is_ok()
        && fork.parse::<Option<Token![async]>>().is_ok()
        && fork.parse::<Option<Token![unsafe]>>().is_ok()
        && fork.parse::<Option<Abi>>().is_ok()
        && fork.peek(Token![fn])
}

fn fn_item(input: ParseStream) -> syn::Result<Option<Item>> {
    let mut attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    let sig: Signature = input.parse()?;
    let Some(block) = skipped_body(input, &mut attrs)? else {
        return Ok(None);
    };
    Ok(Some(Item::Fn(ItemFn {
        attrs,
        vis,
        modifiers: FnModifiers::default(),
        sig,
        block: Box::new(block),
    })))
}

/// The `{ … }` after a signature as an empty block; the body's inner attributes join `attrs`.
/// `None` when no body follows (`fn f();`).
fn skipped_body(input: ParseStream, attrs: &mut Vec<Attribute>) -> syn::Result<Option<Block>> {
    if !input.peek(Brace) {
        return Ok(None);
    }
    let content;
    let brace_token = syn::braced!(content in input);
    attrs.extend(content.call(Attribute::parse_inner)?);
    content.step(|cursor| Ok(((), end_of(*cursor))))?;
    Ok(Some(Block {
        brace_token,
        stmts: Vec::new(),
    }))
}

/// The end of the token trees after `cursor`, reached a group at a time.
fn end_of(mut cursor: Cursor) -> Cursor {
    while let Some((_, next)) = cursor.token_tree() {
        cursor = next;
    }
    cursor
}

fn inline_mod(input: ParseStream) -> syn::Result<Option<ItemMod>> {
    let mut attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    let unsafety: Option<Token![unsafe]> = input.parse()?;
    let mod_token: Token![mod] = input.parse()?;
    let ident = input.parse()?;
    let content;
    let brace_token = syn::braced!(content in input);
    attrs.extend(content.call(Attribute::parse_inner)?);
    let items = items(&content)?;
    Ok(Some(ItemMod {
        attrs,
        vis,
        unsafety,
        mod_token,
        ident,
        content: Some((brace_token, items)),
        semi: None,
    }))
}

/// An `impl` block: syn parses the header (generics, trait, self type, where clause) followed
/// by an empty body, and the body's items are read here so their methods skip their bodies too.
fn impl_item(input: ParseStream) -> syn::Result<Option<ItemImpl>> {
    let mut attrs = input.call(Attribute::parse_outer)?;
    let header = input.step(|cursor| Ok(impl_header(*cursor)))?;
    if !input.peek(Brace) {
        return Ok(None);
    }
    let mut tokens = header;
    tokens.extend([TokenTree::Group(Group::new(
        Delimiter::Brace,
        TokenStream::new(),
    ))]);
    let Ok(mut item) = syn::parse2::<ItemImpl>(tokens) else {
        return Ok(None);
    };
    let content;
    item.brace_token = syn::braced!(content in input);
    attrs.extend(content.call(Attribute::parse_inner)?);
    item.attrs = attrs;
    item.items = impl_items(&content)?;
    Ok(Some(item))
}

/// The tokens of an `impl` before its first brace group (the body, unless a const argument
/// such as `impl Foo<{ N }>` comes first: then syn rejects the header and the caller falls
/// back to syn's own parser), and the cursor at that group.
fn impl_header(mut cursor: Cursor) -> (TokenStream, Cursor) {
    let mut header = TokenStream::new();
    while let Some((tree, next)) = cursor.token_tree() {
        if matches!(&tree, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace) {
            break;
        }
        header.extend([tree]);
        cursor = next;
    }
    (header, cursor)
}

fn impl_items(input: ParseStream) -> syn::Result<Vec<ImplItem>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        let method = if peek_method(input) {
            try_on_fork(input, method)?
        } else {
            None
        };
        items.push(match method {
            Some(method) => ImplItem::Fn(method),
            None => input.parse()?,
        });
    }
    Ok(items)
}

fn peek_method(input: ParseStream) -> bool {
    let fork = input.fork();
    skip_outer_attributes(&fork);
    fork.parse::<Visibility>().is_ok()
        && !(fork.peek(Token![default]) && fork.peek2(Token![!]))
        && fork.parse::<Option<Token![default]>>().is_ok()
        && peek_signature(&fork)
}

fn method(input: ParseStream) -> syn::Result<Option<ImplItemFn>> {
    let mut attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    let mut modifiers = FnModifiers::default();
    modifiers.defaultness = input.parse()?;
    let sig: Signature = input.parse()?;
    let Some(block) = skipped_body(input, &mut attrs)? else {
        return Ok(None);
    };
    Ok(Some(ImplItemFn {
        attrs,
        vis,
        modifiers,
        sig,
        block,
    }))
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    /// syn's full parse with every function body emptied, printed: what this parser must give.
    fn expected(source: &str) -> String {
        let mut file = syn::parse_file(source).expect("syn parses the test source");
        empty_bodies(&mut file.items);
        file.to_token_stream().to_string()
    }

    fn empty_bodies(items: &mut [syn::Item]) {
        for item in items {
            match item {
                syn::Item::Fn(f) => f.block.stmts.clear(),
                syn::Item::Impl(i) => {
                    for it in &mut i.items {
                        if let syn::ImplItem::Fn(f) = it {
                            f.block.stmts.clear();
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &mut m.content {
                        empty_bodies(items);
                    }
                }
                _ => {}
            }
        }
    }

    /// Ours equals syn's with bodies emptied; the bodies of what it falls back on (`bodies:
    /// parsed`) are emptied by the scan afterwards, as before.
    fn assert_same_with(source: &str, bodies_parsed: bool) {
        let mut ours = super::parse_file(source).expect("the signature parser accepts it");
        if bodies_parsed {
            empty_bodies(&mut ours.items);
        }
        assert_eq!(ours.to_token_stream().to_string(), expected(source));
        assert_eq!(
            ours.shebang,
            syn::parse_file(source).ok().and_then(|f| f.shebang)
        );
    }

    fn assert_same(source: &str) {
        assert_same_with(source, false);
    }

    #[test]
    fn functions_keep_signatures_and_inner_attributes() {
        assert_same(
            r#"#![allow(dead_code)]
            /// Docs.
            #[no_mangle]
            pub extern "C" fn a(x: u32, y: Option<&u8>) -> u32 { #![allow(unused)] let z = x; z + match y { Some(v) => *v as u32, None => 0 } }
            pub const unsafe extern "C" fn b<T: Copy>(t: T) -> T where T: Clone { t }
            async fn c() {}
            unsafe fn d() { loop {} }
            fn e() -> impl Fn() { || {} }
            pub(crate) extern fn f() {}
            "#,
        );
    }

    #[test]
    fn inline_modules_and_impls_are_read_inside() {
        assert_same(
            r#"
            mod outer { #![doc = "inner"] pub mod inner { pub fn g() -> u8 { 1 } } struct S; }
            pub struct Svc<T>(T);
            impl<T: Clone> Svc<T> where T: Default {
                #![allow(unused)]
                pub const N: usize = 3;
                type Out = T;
                /// A method.
                pub fn new(t: T) -> Self { Self(t) }
                pub unsafe extern "C" fn raw(&self) -> *const T { &self.0 }
                fn m() {}
                default fn d(&self) {}
            }
            unsafe impl Send for Svc<u8> {}
            impl<T> Drop for Svc<T> { fn drop(&mut self) { let _ = 1; } }
            impl !Sync for Svc<u16> {}
            "#,
        );
    }

    #[test]
    fn what_it_does_not_recognise_goes_to_syn() {
        assert_same_with(
            r#"
            trait T { fn required(&self); fn provided(&self) { let _ = 2; } }
            extern "C" { fn ext(x: i32) -> i32; }
            impl Foo<{ N + 1 }> { fn k() { let _ = 3; } }
            macro_rules! m { () => { fn generated() { 1 } }; }
            m!();
            const _: () = { fn hidden() {} };
            mod declared;
            "#,
            true,
        );
    }

    #[test]
    fn shebang_and_byte_order_mark_are_handled_as_syn_does() {
        assert_same("#!/usr/bin/env run-cargo-script\nfn main() { let _ = 1; }\n");
        assert_same("\u{feff}fn main() { let _ = 1; }\n");
        assert_same("#![allow(unused)]\nfn main() {}\n");
    }

    #[test]
    fn syntax_errors_outside_bodies_are_syn_errors() {
        let source = "pub struct S { a: u32 b: u8 }";
        let ours = super::parse_file(source).err().map(|e| e.to_string());
        let syns = syn::parse_file(source).err().map(|e| e.to_string());
        assert!(ours.is_some());
        assert_eq!(ours, syns);
        let signature = "pub extern \"C\" fn f(x: u32 y: u8) {}";
        assert_eq!(
            super::parse_file(signature).err().map(|e| e.to_string()),
            syn::parse_file(signature).err().map(|e| e.to_string())
        );
    }
}
