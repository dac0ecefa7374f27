# Usage: iv interview [--rounds N] [--resume ID] [--jd ID] [--lang zh|en] [--model NAME] [--no-feedback] [--update-knowledge] [--answers FILE] [--voice] [--audio-in DIR] [--keep-audio] [--continue [SESSION]]
# Summary: a mock interview: questions, your answers, grades and feedback
# Help: Asks N questions (default: the config's interview.rounds, else 5) chosen
# Help: from what the job description needs and your resume or past grades
# Help: show weak, with at most one follow-up on a key point you missed.
# Help: Every answer is stored before it is graded; `--continue` picks up the
# Help: latest unfinished interview (or SESSION) where it stopped.
# Help:
# Help: Answer over as many lines as you like and end with a line holding
# Help: only `.` (or end of input). At the start of an answer:
# Help:   :hint   show one key point (counted in the grade)
# Help:   :skip   skip the question
# Help:   :pause  pause the interview (iv interview --continue resumes it)
# Help:   :quit   stop and cancel the interview
# Help:   :e      write the answer in $EDITOR
# Help:
# Help:   --rounds N      questions in this interview (1 to 10)
# Help:   --resume ID     the resume to use (default: the default or latest)
# Help:   --jd ID         the job description (default: the default or latest)
# Help:   --lang zh|en    the language of questions and feedback
# Help:   --model NAME    the LLM model for this session (engine llm; the
# Help:                   session keeps it, whatever IV_MODEL says later)
# Help:   --no-feedback   keep the feedback for the end
# Help:   --update-knowledge  turn good answers, the summary and skill evidence
# Help:                   into memories (also done when knowledge.auto_update
# Help:                   or the user's auto_update_knowledge setting is on)
# Help:   --answers FILE  scripted answers, separated by lines holding only `.`
# Help:                   (stdin that is not a terminal is read the same way)
# Help:   --continue [SESSION]  resume an interrupted or paused interview
# Help:   --voice         speak the questions (iv-speak) and record the answers:
# Help:                   Enter records (iv-listen --record; Enter again ends
# Help:                   it), anything else is typed; typing takes over when
# Help:                   there is no recorder, microphone or transcription
# Help:   --audio-in DIR  recorded answers, one audio file per answer in name
# Help:                   order, transcribed by iv-listen; typing takes over
# Help:                   when they run out or one fails
# Help:   --keep-audio    keep the recordings' paths in the answers' metadata

iv_cmd() {
	. "$IV_LIBEXEC/_interview.sh"
	interview_main "$@"
}

iv_complete() {
	printf '%s\n' --rounds --resume --jd --lang --model --no-feedback --update-knowledge --answers --voice --audio-in --keep-audio --continue
}
