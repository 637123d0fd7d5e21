//! Settings from the file as the base, what `build.rs` set in code on top.

use super::Settings;
use crate::Builder;

impl Builder {
    /// A language configured in code replaces that language's table; lists are joined (the
    /// file's entries first); single values set in code win.
    pub(crate) fn apply_settings(&mut self, file: Settings) {
        self.c = self.c.take().or(file.c);
        #[cfg(feature = "csharp")]
        {
            self.csharp = self.csharp.take().or(file.csharp);
        }
        #[cfg(feature = "python")]
        {
            self.python = self.python.take().or(file.python);
        }
        self.verify_layout = self.verify_layout.or(file.verify_layout);
        self.keep_type_aliases = self.keep_type_aliases.or(file.keep_type_aliases);
        self.out_dir = self.out_dir.take().or(file.out_dir);
        self.json = self.json.take().or(file.json);
        self.exclude = [file.exclude, std::mem::take(&mut self.exclude)].concat();
        self.dependencies = [file.dependencies, std::mem::take(&mut self.dependencies)].concat();
        self.exclude_from = [file.exclude_from, std::mem::take(&mut self.exclude_from)].concat();
        self.renames = [file.renames, std::mem::take(&mut self.renames)].concat();
        self.include = [file.include, std::mem::take(&mut self.include)].concat();
        self.declarations = [file.declarations, std::mem::take(&mut self.declarations)].concat();
        self.cfg_guards = [file.cfg_guards, std::mem::take(&mut self.cfg_guards)].concat();
    }
}
