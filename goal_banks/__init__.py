"""PT, OT and SLP goal banks as data: loading and validation, search by meaning, and progress toward
a client's goals from a session's measurements. Plain typed Python; no web or database imports.
"""

from goal_banks.bank import (
    DATA_DIR,
    ENV_DIRS,
    Goal,
    GoalBank,
    GoalBankError,
    Target,
    TemplateError,
    all_goals,
    fill_template,
    get_goal,
    load_bank_file,
    load_banks,
    load_goal_banks,
)
from goal_banks.progress import (
    EpisodeGoal,
    GoalChange,
    GoalMatch,
    GoalProgress,
    change_since,
    goal_progress,
    match_goals_to_session,
    select_measurement,
)
from goal_banks.search import search_goals

__all__ = [
    "DATA_DIR",
    "ENV_DIRS",
    "EpisodeGoal",
    "Goal",
    "GoalBank",
    "GoalBankError",
    "GoalChange",
    "GoalMatch",
    "GoalProgress",
    "Target",
    "TemplateError",
    "all_goals",
    "change_since",
    "fill_template",
    "get_goal",
    "goal_progress",
    "load_bank_file",
    "load_banks",
    "load_goal_banks",
    "match_goals_to_session",
    "search_goals",
    "select_measurement",
]
