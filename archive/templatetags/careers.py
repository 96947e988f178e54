"""{% person_career person as career %}: a person's career for the include on their page
(templates/archive/_career.html), so the person view needs to know nothing of posts."""

from django import template

from archive.careers import person_career as career_of

register = template.Library()


@register.simple_tag
def person_career(person):
    return career_of(person=person)
