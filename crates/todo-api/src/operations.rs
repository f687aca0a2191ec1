//! `todo-api backup` and `todo-api restore`: the store's backup and restore,
//! with the file naming and retention of scheduled backups.

use std::path::{Path, PathBuf};

use anyhow::Context;
use todo_store::backup::{self, Summary};

use crate::config::BackupTarget;

/// Scheduled backups' names: this prefix, a UTC time, the store's extension.
/// The times sort as the names do, which retention relies on.
const PREFIX: &str = "todo-backup-";

/// Backs up the database `url` names to `target`; in a directory, keeps
/// the newest `keep` backups. Prints one line saying what it wrote.
pub async fn run_backup(url: &str, target: &BackupTarget, keep: Option<u32>) -> anyhow::Result<()> {
    let file = match (&target.to, &target.dir) {
        (Some(file), _) => file.clone(),
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create the backup directory {}", dir.display()))?;
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
            dir.join(format!("{PREFIX}{stamp}.{}", backup::extension(url)?))
        }
        (None, None) => anyhow::bail!("say where the backup goes: --to FILE or --dir DIR"),
    };
    let summary = backup::backup(url, &file).await?;
    println!("backed up {} to {}", describe(&summary), file.display());
    if let (Some(dir), Some(keep)) = (&target.dir, keep) {
        for old in older_than_newest(dir, keep as usize)? {
            std::fs::remove_file(&old).with_context(|| format!("cannot delete the old backup {}", old.display()))?;
            println!("deleted the old backup {}", old.display());
        }
    }
    Ok(())
}

/// Restores `from` into the database `url` names. Prints one line.
pub async fn run_restore(url: &str, from: &Path, force: bool) -> anyhow::Result<()> {
    let summary = backup::restore(url, from, force).await?;
    println!("restored {} from {}", describe(&summary), from.display());
    Ok(())
}

fn describe(summary: &Summary) -> String {
    format!("{} todos ({}, schema version {})", summary.todos, summary.store, summary.schema_version)
}

/// The scheduled backups in `dir` past the newest `keep`, oldest first.
fn older_than_newest(dir: &Path, keep: usize) -> anyhow::Result<Vec<PathBuf>> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.starts_with(PREFIX) && !name.ends_with(".partial")
        })
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(keep);
    backups.truncate(excess);
    Ok(backups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_deletes_the_oldest_backups_only() {
        let dir = std::env::temp_dir().join(format!("todo-api-retention-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let names = [
            "todo-backup-20261201T020000Z.jsonl",
            "todo-backup-20261203T020000Z.jsonl",
            "todo-backup-20261202T020000Z.jsonl",
            "todo-backup-20261204T020000Z.jsonl.partial",
            "notes.txt",
        ];
        for name in names {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let old = older_than_newest(&dir, 2).unwrap();
        assert_eq!(old, [dir.join("todo-backup-20261201T020000Z.jsonl")]);
        assert!(older_than_newest(&dir, 3).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
