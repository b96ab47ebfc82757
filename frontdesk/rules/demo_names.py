"""Fictitious names from many backgrounds for demo clinics (no real people)."""

from __future__ import annotations

FIRST_NAMES = {
    "en": [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Mia", "Benjamin",
        "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Owen", "Grace", "Caleb", "Hannah", "Wyatt",
        "Aaliyah", "Malik", "Imani", "Darnell", "Keisha", "Jamal", "Priya", "Arjun", "Ananya", "Rohan",
        "Mei", "Wei", "Hana", "Kenji", "Yuki", "Minh", "Linh", "Thảo", "Duc", "Siobhán", "Seán",
        "Aoife", "Fatima", "Omar", "Layla", "Yusuf", "Amara", "Chidi", "Ngozi", "Kwame", "Zoë",
        "Björn", "Ingrid", "Mateusz", "Zofia", "Dmitri", "Anastasia", "Tala", "Kai", "Leilani",
    ],
    "es": [
        "José", "María", "Juan", "Lucía", "Carlos", "Sofía", "Miguel", "Valentina", "Alejandro",
        "Camila", "Andrés", "Isabel", "Javier", "Gabriela", "Luis", "Ximena", "Diego", "Renée",
        "José-María", "Inés", "Raúl", "Marisol", "Ángel", "Guadalupe",
    ],
}

LAST_NAMES = {
    "en": [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Clark",
        "O'Brien", "McAllister", "Washington", "Okafor", "Adeyemi", "Mensah", "Patel", "Sharma",
        "Iyer", "Chen", "Wang", "Li", "Nakamura", "Tanaka", "Nguyễn", "Trần", "Phạm", "Kim", "Park",
        "Haddad", "Khalil", "Rahman", "Kowalski", "Nowak", "Ivanova", "Johansson", "Müller",
        "Schäfer", "Dubois", "Lefèvre", "Rossi", "Kahananui", "Begay", "Yazzie", "Cohen", "Levi",
    ],
    "es": [
        "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
        "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Ortiz",
        "Gutiérrez", "Chávez", "Núñez", "Peña", "Ibáñez",
    ],
}

STREETS = [
    "Example Street", "Maple Avenue", "Riverside Drive", "Hillcrest Road", "Pine Ridge Lane",
    "Orchard Way", "Laurel Court", "Mountain View Drive", "Creekside Trail", "Dogwood Circle",
]
CITIES = [("Asheville", "28801"), ("Asheville", "28803"), ("Weaverville", "28787"),
          ("Black Mountain", "28711"), ("Hendersonville", "28792"), ("Candler", "28715")]
AREA_CODES = ("828", "704", "919", "336", "252", "910")
RELATIONSHIPS = ("spouse", "partner", "parent", "sibling", "adult child", "friend")
NICKNAMES = {"Benjamin": "Ben", "Abigail": "Abby", "Elijah": "Eli", "Alejandro": "Alex",
             "Guadalupe": "Lupe", "Anastasia": "Nastya", "Javier": "Javi", "Gabriela": "Gaby",
             "Mateusz": "Mat", "Dmitri": "Dima", "José-María": "Chema"}
